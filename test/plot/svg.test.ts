import { describe, expect, it } from 'vitest';
import { attrs, esc, lighten, num, PALETTE, svgDocument, tag } from '../../src/plot/svg.js';
import { checkSvg } from './xml.js';

describe('svg helpers', () => {
  it('escapes markup characters in text and attributes', () => {
    expect(esc(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;');
    expect(attrs({ title: 'x<y', skip: undefined, no: false, n: 1.23456 })).toBe(' title="x&lt;y" n="1.23"');
  });

  it('rounds coordinates to 2 decimals without "-0"', () => {
    expect([num(1.005e-3), num(-0.001), num(12.3456), num(3)]).toEqual(['0', '0', '12.35', '3']);
  });

  it('builds a standalone document the checker accepts, and the checker rejects broken markup', () => {
    const doc = svgDocument(100, 50, tag('g', {}, tag('circle', { r: 1 })), 'a & b');
    checkSvg(doc);
    expect(doc).toContain('<title>a &amp; b</title>');
    expect(() => checkSvg(doc.replace('</g>', ''))).toThrow();
    expect(() => checkSvg(doc.replace('<title>a &amp; b', '<title>a & b'))).toThrow(/unescaped/);
  });

  it('lightens towards white and keeps the colour-blind palette distinct', () => {
    expect(lighten('#000000', 0.5)).toBe('#808080');
    expect(lighten('#0072B2', 0)).toBe('#0072b2');
    expect(lighten('#0072B2', 1)).toBe('#ffffff');
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
  });
});
