// A small well-formedness check for the SVG the arithmetic pictures produce: one root <svg> in the
// SVG namespace, balanced tags, quoted attributes, no raw "<" or "&" in text. Throws with the offset.

export function checkSvg(xml: string): { elements: number; rects: number } {
  const stack: string[] = [];
  let elements = 0;
  let rects = 0;
  let i = 0;
  let roots = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed SVG at offset ${i}: ${why} (…${xml.slice(Math.max(0, i - 40), i + 40)}…)`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const textPart = xml.slice(i, lt === -1 ? xml.length : lt);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(textPart)) fail("bare &");
    if (lt === -1) break;
    if (stack.length === 0 && textPart.trim() !== "") fail("text outside the root");
    i = lt;
    const gt = xml.indexOf(">", i);
    if (gt === -1) fail("unterminated tag");
    const tag = xml.slice(i + 1, gt);
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) fail(`unexpected </${name}>`);
    } else {
      const selfClosing = tag.endsWith("/");
      const m = /^([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*\/?$/.exec(tag);
      if (!m) fail(`malformed tag <${tag}>`);
      const name = m![1];
      if (stack.length === 0) {
        roots++;
        if (name !== "svg" || !/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(tag)) fail("root is not an <svg> in the SVG namespace");
      }
      elements++;
      if (name === "rect") rects++;
      if (!selfClosing) stack.push(name);
    }
    i = gt + 1;
  }
  if (stack.length) fail(`unclosed <${stack[stack.length - 1]}>`);
  if (roots !== 1) fail(`${roots} root elements`);
  return { elements, rects };
}
