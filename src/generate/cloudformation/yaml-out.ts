// A small, fast YAML emitter for template values (maps, lists, strings, numbers, booleans, null).
// The `yaml` package's stringify takes ~10x longer on 1,000-VPC templates. Strings that could be
// read as anything but a plain string are written double-quoted with JSON escapes (valid YAML).
import type { TemplateValue } from './template.js';

const PLAIN = /^[A-Za-z][A-Za-z0-9._/-]*(::[A-Za-z0-9._/-]+)*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

function scalar(v: TemplateValue): string {
  if (typeof v === 'string') return PLAIN.test(v) && !RESERVED.test(v) ? v : JSON.stringify(v);
  if (v === null) return 'null';
  return String(v);
}

const isEmpty = (v: TemplateValue): boolean => (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0);
const inline = (v: TemplateValue): string => (Array.isArray(v) ? '[]' : typeof v === 'object' && v !== null ? '{}' : scalar(v));
const isNode = (v: TemplateValue): boolean => typeof v === 'object' && v !== null && !isEmpty(v);

function writeMap(map: { [key: string]: TemplateValue }, pad: string, out: string[], firstPrefix?: string): void {
  let first = true;
  for (const [key, value] of Object.entries(map)) {
    const lead = first && firstPrefix !== undefined ? firstPrefix : pad;
    first = false;
    const k = scalar(key);
    if (!isNode(value)) out.push(`${lead}${k}: ${inline(value)}`);
    else {
      out.push(`${lead}${k}:`);
      writeNode(value, `${pad}  `, out);
    }
  }
}

function writeNode(v: TemplateValue, pad: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (Array.isArray(item) && item.length) {
        out.push(`${pad}-`);
        writeNode(item, `${pad}  `, out);
      } else if (isNode(item)) writeMap(item as { [key: string]: TemplateValue }, `${pad}  `, out, `${pad}- `);
      else out.push(`${pad}- ${inline(item)}`);
    }
  } else writeMap(v as { [key: string]: TemplateValue }, pad, out);
}

export function toYaml(doc: { [key: string]: TemplateValue }): string {
  const out: string[] = [];
  writeMap(doc, '', out);
  return `${out.join('\n')}\n`;
}
