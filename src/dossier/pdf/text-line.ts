import type { FontRole } from './fonts.js';

// On its own so that the text engine (rich-text) and the bidi reordering (bidi) share it without
// importing each other in a circle.

/** A run of one line: text in one font, an emoji image, or a marker for a glyph no font has. */
export type Piece =
  | {
      readonly kind: 'text';
      readonly font: FontRole;
      readonly text: string;
      readonly width: number;
    }
  | {
      readonly kind: 'emoji';
      readonly actual: string;
      readonly file: string;
      readonly width: number;
    }
  | {
      readonly kind: 'marker';
      readonly actual: string;
      readonly label: string;
      readonly width: number;
    };

export interface TextLine {
  readonly pieces: readonly Piece[];
  readonly width: number;
}
