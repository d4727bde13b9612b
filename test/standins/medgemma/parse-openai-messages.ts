import type { StandinImage, StandinMessage } from './standin-types.ts';

/** Result of parsing OpenAI-shaped `messages`: the messages, or the 400 text a server would answer. */
export type ParsedOpenAiMessages = { ok: true; messages: StandinMessage[] } | { ok: false; message: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+);base64,(.*)$/is;

/**
 * Parses OpenAI chat `messages` (vLLM, TGI, Ollama `/v1`, Vertex A5.1b/c): `content` is a string or a
 * list of `{type:"text",text}` / `{type:"image_url",image_url:{url}}` parts (A5.1c: images use OpenAI
 * content parts). Image URLs must be `data:<mime>;base64,<payload>` with valid base64, or http(s)
 * (which vLLM would fetch; the stand-in only records them). Roles are not judged here.
 *
 * @param raw the `messages` value from the body
 */
export function parseOpenAiMessages(raw: unknown): ParsedOpenAiMessages {
  if (!Array.isArray(raw)) return { ok: false, message: 'messages: Input should be a valid list' };
  const messages: StandinMessage[] = [];
  for (const [i, item] of raw.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return { ok: false, message: `messages.${i}: Input should be a valid dictionary` };
    }
    const { role, content } = item as { role?: unknown; content?: unknown };
    if (typeof role !== 'string') return { ok: false, message: `messages.${i}.role: Field required` };
    if (content === undefined || content === null) {
      // Only an assistant turn may lack content in the OpenAI schema (tool calls); we treat it as empty.
      if (role !== 'assistant') return { ok: false, message: `messages.${i}.content: Field required` };
      messages.push({ role, text: '', images: [] });
      continue;
    }
    if (typeof content === 'string') {
      messages.push({ role, text: content, images: [] });
      continue;
    }
    if (!Array.isArray(content)) {
      return { ok: false, message: `messages.${i}.content: Input should be a valid string or list` };
    }
    const texts: string[] = [];
    const images: StandinImage[] = [];
    for (const [j, part] of content.entries()) {
      const where = `messages.${i}.content.${j}`;
      if (typeof part !== 'object' || part === null) return { ok: false, message: `${where}: invalid part` };
      const p = part as { type?: unknown; text?: unknown; image_url?: unknown };
      if (p.type === 'text') {
        if (typeof p.text !== 'string') return { ok: false, message: `${where}.text: Field required` };
        texts.push(p.text);
      } else if (p.type === 'image_url') {
        const url = (p.image_url as { url?: unknown } | undefined)?.url;
        if (typeof url !== 'string') return { ok: false, message: `${where}.image_url.url: Field required` };
        const image = parseImageUrl(url);
        if (image === undefined)
          return { ok: false, message: `${where}: invalid image_url ${url.slice(0, 40)}` };
        images.push(image);
      } else {
        return { ok: false, message: `${where}: Unknown part type: ${String(p.type)}` };
      }
    }
    messages.push({ role, text: texts.join('\n'), images });
  }
  return { ok: true, messages };
}

function parseImageUrl(url: string): StandinImage | undefined {
  const data = DATA_URL.exec(url);
  if (data) {
    const payload = data[2] ?? '';
    if (!BASE64.test(payload)) return undefined;
    return { source: 'data-url', mediaType: data[1]?.toLowerCase(), base64: payload, url: undefined };
  }
  if (/^https?:\/\//i.test(url)) return { source: 'url', mediaType: undefined, base64: undefined, url };
  return undefined;
}

/**
 * Whether a string is plain base64 (what Ollama's `images` need: Go decodes them as `[]byte`, so a
 * `data:` prefix fails to unmarshal).
 */
export function isPlainBase64(value: string): boolean {
  return value.length > 0 && value.length % 4 === 0 && BASE64.test(value);
}
