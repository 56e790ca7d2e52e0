/**
 * A real RFC 3161 timestamp authority for tests: a throwaway CA and TSA certificate made with
 * openssl in a temporary folder, and `openssl ts -reply` behind a node:http server on 127.0.0.1.
 * Needs the `openssl` command (Debian package openssl).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as pkijs from 'pkijs';
import { createTimestampRequest } from '../../src/timestamp/request.js';

const run = promisify(execFile);

/** What the server does with the next requests. */
export type TsaBehaviour =
  | { readonly kind: 'granted' }
  /** openssl refuses: this authority only accepts SHA-512 imprints. */
  | { readonly kind: 'reject' }
  /** openssl answers a request for the same imprint with another nonce. */
  | { readonly kind: 'other-nonce' }
  /** A token signed (openssl cms -cades) by a certificate without the timeStamping usage. */
  | { readonly kind: 'no-eku' }
  /** A valid token whose signer is named by subject key identifier (openssl cms -keyid). */
  | { readonly kind: 'signer-by-key-id' }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'html'; readonly status: number };

export interface LocalTsa {
  readonly url: string;
  readonly dir: string;
  /** PEM files: the CA (trust anchor) and the TSA signing certificate. */
  readonly caPath: string;
  readonly tsaCertPath: string;
  readonly caPem: string;
  readonly tsaPem: string;
  behaviour: TsaBehaviour;
  /** Every request body received, in order. */
  readonly requests: Buffer[];
  /** Answers a request the way `openssl ts -reply` does, without HTTP. */
  reply(requestDer: Uint8Array, section?: string): Promise<Buffer>;
  close(): Promise<void>;
}

const CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_tsa]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_no_eku]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa]
default_tsa = tsa_granted
[tsa_granted]
serial = ./serial
crypto_device = builtin
signer_cert = ./tsa.crt
certs = ./ca.crt
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
[tsa_sha512_only]
serial = ./serial
crypto_device = builtin
signer_cert = ./tsa.crt
certs = ./ca.crt
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

/** Creates a CA (`<name>.key`, `<name>.crt`) in `dir`; returns the certificate's path. */
export async function createCa(dir: string, name: string, commonName: string): Promise<string> {
  await writeConfig(dir);
  await openssl(dir, [
    ...words(`req -x509 -newkey rsa:2048 -nodes -keyout ${name}.key -out ${name}.crt -days 3650`),
    ...words('-config openssl.cnf -extensions v3_ca -subj'),
    `/CN=${commonName}`,
  ]);
  return join(dir, `${name}.crt`);
}

/** Issues `<name>.crt` for the TSA key, signed by the CA, with an extensions section of CONFIG. */
async function issueCertificate(dir: string, name: string, commonName: string, extensions: string) {
  await openssl(dir, [
    ...words(`req -new -key tsa.key -out ${name}.csr -config openssl.cnf -subj`),
    `/O=Preuve Tests/CN=${commonName}`,
  ]);
  await openssl(
    dir,
    words(
      `x509 -req -in ${name}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out ${name}.crt ` +
        `-days 3650 -extfile openssl.cnf -extensions ${extensions}`,
    ),
  );
}

/** `keyType: 'ec'` gives the TSA a P-256 key (ECDSA signatures) instead of RSA 2048. */
export async function startLocalTsa(options: { keyType?: 'rsa' | 'ec' } = {}): Promise<LocalTsa> {
  const dir = await mkdtemp(join(tmpdir(), 'preuve-tsa-'));
  await createCa(dir, 'ca', 'Preuve Test Root CA');
  const key =
    options.keyType === 'ec'
      ? '-algorithm EC -pkeyopt ec_paramgen_curve:P-256'
      : '-algorithm RSA -pkeyopt rsa_keygen_bits:2048';
  await openssl(dir, words(`genpkey ${key} -out tsa.key`));
  await issueCertificate(dir, 'tsa', 'Preuve Test TSA', 'v3_tsa');
  await issueCertificate(dir, 'no-eku', 'Preuve Test Signer Without EKU', 'v3_no_eku');
  await writeFile(join(dir, 'serial'), '01\n');

  let counter = 0;
  const reply = async (requestDer: Uint8Array, section = 'tsa_granted'): Promise<Buffer> => {
    const name = `q${++counter}`;
    await writeFile(join(dir, `${name}.tsq`), requestDer);
    await openssl(
      dir,
      words(
        `ts -reply -config openssl.cnf -section ${section} -queryfile ${name}.tsq -out ${name}.tsr`,
      ),
    );
    return readFile(join(dir, `${name}.tsr`));
  };

  /** Re-signs the TSTInfo openssl made with `openssl cms`, which does not check the purpose. */
  const signWithCms = async (
    requestDer: Uint8Array,
    signer: 'tsa.crt' | 'no-eku.crt',
    byKeyId = false,
  ): Promise<Buffer> => {
    const granted = pkijs.TimeStampResp.fromBER(new Uint8Array(await reply(requestDer)));
    const signed = new pkijs.SignedData({ schema: granted.timeStampToken!.content });
    const name = `cms${++counter}`;
    await writeFile(
      join(dir, `${name}.tst`),
      Buffer.from(signed.encapContentInfo.eContent!.getValue()),
    );
    // -cades adds the ESS signing-certificate attribute RFC 3161 requires.
    await openssl(
      dir,
      words(
        'cms -sign -binary -nodetach -cades -nosmimecap -outform DER -md sha256 ' +
          '-econtent_type 1.2.840.113549.1.9.16.1.4 -inkey tsa.key ' +
          `-signer ${signer} ${byKeyId ? '-keyid' : ''} -certfile ca.crt -in ${name}.tst -out ${name}.p7`,
      ),
    );
    const token = pkijs.ContentInfo.fromBER(
      new Uint8Array(await readFile(join(dir, `${name}.p7`))),
    );
    const response = new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
      timeStampToken: token,
    });
    return Buffer.from(response.toSchema().toBER());
  };

  const answer = async (requestDer: Buffer, tsa: LocalTsa) => {
    const behaviour = tsa.behaviour;
    switch (behaviour.kind) {
      case 'granted':
        return { status: 200, type: 'application/timestamp-reply', body: await reply(requestDer) };
      case 'reject':
        return {
          status: 200,
          type: 'application/timestamp-reply',
          body: await reply(requestDer, 'tsa_sha512_only'),
        };
      case 'other-nonce': {
        const imprint = pkijs.TimeStampReq.fromBER(new Uint8Array(requestDer)).messageImprint
          .hashedMessage;
        const other = createTimestampRequest(
          Buffer.from(imprint.valueBlock.valueHexView).toString('hex'),
          {
            nonce: Buffer.from('0102030405060708', 'hex'),
          },
        );
        return { status: 200, type: 'application/timestamp-reply', body: await reply(other.der) };
      }
      case 'no-eku':
        return {
          status: 200,
          type: 'application/timestamp-reply',
          body: await signWithCms(requestDer, 'no-eku.crt'),
        };
      case 'signer-by-key-id':
        return {
          status: 200,
          type: 'application/timestamp-reply',
          body: await signWithCms(requestDer, 'tsa.crt', true),
        };
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
        return { status: 200, type: 'application/timestamp-reply', body: await reply(requestDer) };
      case 'html':
        return {
          status: behaviour.status,
          type: 'text/html; charset=utf-8',
          body: Buffer.from(
            '<!doctype html><html><head><title>Service temporarily unavailable</title></head>' +
              '<body><h1>Maintenance</h1><p>Please come back later.</p></body></html>',
          ),
        };
    }
  };

  // Answers still being made (a slow one outlives the client that gave up on it): close waits for
  // them, as they write in `dir`.
  const pending = new Set<Promise<unknown>>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      tsa.requests.push(body);
      const answered = answer(body, tsa);
      pending.add(answered);
      answered.finally(() => pending.delete(answered)).catch(() => undefined);
      answered.then(
        ({ status, type, body: answerBody }) => {
          response.writeHead(status, { 'Content-Type': type });
          response.end(answerBody);
        },
        (error: unknown) => {
          response.writeHead(500, { 'Content-Type': 'text/plain' });
          response.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const tsa: LocalTsa = {
    url: `http://127.0.0.1:${port}/tsr`,
    dir,
    caPath: join(dir, 'ca.crt'),
    tsaCertPath: join(dir, 'tsa.crt'),
    caPem: await readFile(join(dir, 'ca.crt'), 'utf8'),
    tsaPem: await readFile(join(dir, 'tsa.crt'), 'utf8'),
    behaviour: { kind: 'granted' },
    requests: [],
    reply,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled(pending);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return tsa;
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs openssl in `cwd`; returns stdout+stderr, or throws with both when it fails. */
export async function openssl(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout, stderr } = await run('openssl', [...args], { cwd });
  return stdout + stderr;
}

/** Splits an argument list written as one line (no argument contains a space). */
function words(line: string): string[] {
  return line.split(/\s+/).filter(Boolean);
}

async function writeConfig(dir: string): Promise<void> {
  await writeFile(join(dir, 'openssl.cnf'), CONFIG);
}

/** Flips one bit in the last byte of the token's signature value; returns a new buffer. */
export function tamperWithSignature(responseDer: Buffer): Buffer {
  const response = pkijs.TimeStampResp.fromBER(new Uint8Array(responseDer));
  const signed = new pkijs.SignedData({ schema: response.timeStampToken!.content });
  const signature = Buffer.from(signed.signerInfos[0]!.signature.valueBlock.valueHexView);
  const offset = responseDer.indexOf(signature);
  if (offset < 0 || responseDer.indexOf(signature, offset + 1) >= 0) {
    throw new Error('signature bytes not found exactly once in the response');
  }
  const tampered = Buffer.from(responseDer);
  tampered[offset + signature.length - 1]! ^= 0x01;
  return tampered;
}
