// The safety copy's files in the Origin Private File System (see mirror.rs): one
// directory per workspace, one per generation inside it. Kept tiny: the logic lives in
// mirror.rs.

const TOP = "isms-audit-safety-copy";
// Generation directories already opened, per workspace directory (saves a round trip
// to the browser on every change).
const opened = new WeakMap();
// Files just written, by generation directory and name, for renameFile.
const written = new WeakMap();

async function top(create) {
  const storage = globalThis.navigator?.storage;
  if (typeof storage?.getDirectory !== "function") {
    throw new DOMException("This browser offers no Origin Private File System here.", "NotSupportedError");
  }
  return (await storage.getDirectory()).getDirectoryHandle(TOP, { create });
}

const dirName = (workspace) => `w-${encodeURIComponent(workspace)}`;

export async function openCopy(workspace) {
  return (await top(true)).getDirectoryHandle(dirName(workspace), { create: true });
}

export async function deleteCopy(workspace) {
  try {
    await (await top(false)).removeEntry(dirName(workspace), { recursive: true });
  } catch (e) {
    if (e?.name !== "NotFoundError" && e?.name !== "NotSupportedError") throw e;
  }
}

async function generation(dir, g, create) {
  let cache = opened.get(dir);
  if (!cache) opened.set(dir, (cache = new Map()));
  let handle = cache.get(g);
  if (!handle) {
    handle = await dir.getDirectoryHandle(`g${g}`, { create });
    cache.set(g, handle);
  }
  return handle;
}

export async function generations(dir) {
  const out = [];
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind === "directory" && /^g\d+$/.test(name)) out.push(Number(name.slice(1)));
  }
  return out;
}

export async function names(dir, g) {
  const out = [];
  for await (const [name, handle] of (await generation(dir, g, false)).entries()) {
    if (handle.kind === "file") out.push(name);
  }
  return out;
}

export async function readText(dir, g, name) {
  const file = await (await (await generation(dir, g, false)).getFileHandle(name)).getFile();
  return file.text();
}

// The browser writes a swap file and moves it into place on close(), so a file is
// whole or, after a crash, missing or empty.
export async function writeText(dir, g, name, text) {
  const handle = await (await generation(dir, g, true)).getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  try {
    await writable.write(text);
    await writable.close();
  } catch (e) {
    await writable.abort().catch(() => {});
    throw e;
  }
  const gen = await generation(dir, g, true);
  if (!written.has(gen)) written.set(gen, new Map());
  written.get(gen).set(name, handle);
}

// Renames a file of generation `g` (one round trip when this page just wrote it).
export async function renameFile(dir, g, from, to) {
  const gen = await generation(dir, g, false);
  const handle = written.get(gen)?.get(from) ?? (await gen.getFileHandle(from));
  written.get(gen)?.delete(from);
  await handle.move(to);
}

export async function removeGeneration(dir, g) {
  opened.get(dir)?.delete(g);
  await dir.removeEntry(`g${g}`, { recursive: true });
}
