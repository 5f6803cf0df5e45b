/**
 * What a visitor's file really is, read from its first bytes (not from its
 * name or the browser's word). Only these kinds are taken; the name's
 * extension must be one of the kind's, so a program cannot pass as a picture.
 */
export interface FileKind {
  type: 'image' | 'file'
  mime: string
  extensions: readonly string[]
}

const at = (b: Buffer, offset: number, bytes: number[]) => b.length >= offset + bytes.length && bytes.every((x, i) => b[offset + i] === x)
const ascii = (b: Buffer, offset: number, s: string) => at(b, offset, [...Buffer.from(s, 'latin1')])

const KINDS: Array<{ kind: FileKind; test(b: Buffer): boolean }> = [
  { kind: { type: 'image', mime: 'image/png', extensions: ['png'] }, test: (b) => at(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { kind: { type: 'image', mime: 'image/jpeg', extensions: ['jpg', 'jpeg', 'jpe'] }, test: (b) => at(b, 0, [0xff, 0xd8, 0xff]) },
  { kind: { type: 'image', mime: 'image/gif', extensions: ['gif'] }, test: (b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a') },
  { kind: { type: 'image', mime: 'image/webp', extensions: ['webp'] }, test: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
  { kind: { type: 'image', mime: 'image/bmp', extensions: ['bmp'] }, test: (b) => ascii(b, 0, 'BM') && b.length > 26 },
  { kind: { type: 'file', mime: 'application/pdf', extensions: ['pdf'] }, test: (b) => ascii(b, 0, '%PDF-') },
  // Office documents (docx, xlsx, pptx, odt ...) are zip archives; a plain zip is taken under its own name.
  { kind: { type: 'file', mime: 'application/zip', extensions: ['zip', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'] }, test: (b) => at(b, 0, [0x50, 0x4b, 0x03, 0x04]) },
  { kind: { type: 'file', mime: 'application/x-ole-storage', extensions: ['doc', 'xls', 'ppt'] }, test: (b) => at(b, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  { kind: { type: 'file', mime: 'audio/mpeg', extensions: ['mp3'] }, test: (b) => ascii(b, 0, 'ID3') || at(b, 0, [0xff, 0xfb]) },
  { kind: { type: 'file', mime: 'video/mp4', extensions: ['mp4', 'm4a', 'mov'] }, test: (b) => ascii(b, 4, 'ftyp') },
  { kind: { type: 'file', mime: 'text/plain; charset=utf-8', extensions: ['txt', 'csv', 'log'] }, test: isText },
]

/** Plain text: valid UTF-8 without control bytes other than tab, line feed and carriage return. */
function isText(b: Buffer): boolean {
  if (b.length === 0) return false
  for (const x of b) if (x < 0x20 && x !== 0x09 && x !== 0x0a && x !== 0x0d) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b)
    return true
  } catch {
    return false
  }
}

export const extensionOf = (name: string): string => (/\.([a-z0-9]{1,10})$/i.exec(name)?.[1] ?? '').toLowerCase()

/** The kind of these bytes when it is one we take and the name's extension agrees; null otherwise. */
export function detectFile(content: Buffer, name: string): FileKind | null {
  const found = KINDS.find((k) => k.test(content))?.kind
  return found && found.extensions.includes(extensionOf(name)) ? found : null
}

/** Width and height of PNG, GIF, BMP and JPEG pictures from their headers; null when not found. */
export function imageSize(b: Buffer, mime: string): { width: number; height: number } | null {
  if (mime === 'image/png' && b.length >= 24) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) }
  if (mime === 'image/gif' && b.length >= 10) return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) }
  if (mime === 'image/bmp' && b.length >= 26) return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) }
  if (mime === 'image/jpeg') return jpegSize(b)
  return null
}

function jpegSize(b: Buffer): { width: number; height: number } | null {
  let i = 2
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null
    const marker = b[i + 1]
    const length = b.readUInt16BE(i + 2)
    // Start-of-frame markers carry the size; DHT (c4), JPG (c8) and DAC (cc) do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) }
    i += 2 + length
  }
  return null
}
