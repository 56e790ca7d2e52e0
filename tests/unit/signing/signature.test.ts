import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSigningKey, loadSigningKey } from '../../../src/signing/keys.js';
import { checkDossierSignature, signEvidenceManifest } from '../../../src/signing/signature.js';

const home = mkdtempSync(join(tmpdir(), 'preuve-key-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('the operator key and the dossier signature', () => {
  it('signs the evidence manifest; a one-byte change or another signer.json fails', async () => {
    const created = await createSigningKey({
      home,
      owner: { name: 'Sam Martin', organisation: 'Association Exemple Aide' },
      passphrase: 'quatre mots au hasard',
      createdAt: '2026-11-30T09:00:00.000Z',
    });
    expect(statSync(created.paths.privateKey).mode & 0o777).toBe(0o600);
    await expect(loadSigningKey(home, 'mauvaise phrase')).rejects.toThrow(/wrong passphrase/);
    const key = await loadSigningKey(home, 'quatre mots au hasard');
    const manifest = 'P1\tab\t12\toriginal\tcapture.png\n';
    const signed = signEvidenceManifest(key, manifest);
    const files = {
      signature: signed.signature,
      publicKeyPem: Buffer.from(signed.publicKeyPem),
      signer: Buffer.from(JSON.stringify(signed.signer)),
    };
    expect(checkDossierSignature(Buffer.from(manifest), files)).toMatchObject({
      ok: true,
      signer: { owner: { name: 'Sam Martin' }, keyFingerprint: created.keyFingerprint },
    });
    const changed = Buffer.from(manifest);
    changed[0] = changed[0]! ^ 1;
    expect(checkDossierSignature(changed, files)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    const other = { ...signed.signer, keyFingerprint: '0'.repeat(64) };
    expect(
      checkDossierSignature(Buffer.from(manifest), {
        ...files,
        signer: Buffer.from(JSON.stringify(other)),
      }),
    ).toMatchObject({ ok: false, reason: 'key-mismatch' });
    expect(readFileSync(created.paths.publicKey, 'utf8')).toBe(signed.publicKeyPem);
  });

  it('refuses to replace an existing key without force', async () => {
    await expect(
      createSigningKey({
        home,
        owner: { name: 'X' },
        passphrase: 'quatre mots au hasard',
        createdAt: 'now',
      }),
    ).rejects.toThrow(/already exists/);
  });
});
