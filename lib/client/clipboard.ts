// Copy text in the browser. The Clipboard API needs a secure context (https or localhost) and
// permission; without them (plain http on another host, an iframe) a hidden selection and
// execCommand("copy") still work in most browsers. Resolves whether the copy went through.
export async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}
