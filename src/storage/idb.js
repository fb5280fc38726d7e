// Promise wrappers for IndexedDB requests and transactions, and the transaction option
// web-sys does not expose (durability). Kept tiny: the logic lives in idb.rs.

export function requestDone(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function transactionDone(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // The first failed request's error is kept, but the transaction's own error wins
    // once it aborts: when a commit fails (a full disk), every pending request fails
    // with a mere AbortError first, and only tx.error says QuotaExceededError.
    let first = null;
    tx.onerror = (event) => { first ??= event.target.error; };
    tx.onabort = () => reject(tx.refusal ?? tx.error ?? first ?? new DOMException("The transaction was aborted.", "AbortError"));
  });
}

// Aborts `tx` (a write to a clear workspace) if the workspace was encrypted meanwhile,
// e.g. in another tab: the request runs first in the transaction, so nothing it holds
// is committed in clear.
export function refuseIfEncrypted(tx) {
  const request = tx.objectStore("meta").get("encrypted");
  request.onsuccess = () => {
    if (request.result === undefined) return;
    tx.refusal = new DOMException("The workspace is now encrypted.", "EncryptedError");
    tx.abort();
  };
}

// A read-write transaction that the browser reports complete only once it is on disk.
export function strictTransaction(db, storeNames) {
  return db.transaction(storeNames, "readwrite", { durability: "strict" });
}

// The newest value of a store (by key), or undefined.
export function lastValue(store) {
  return new Promise((resolve, reject) => {
    const request = store.openCursor(null, "prev");
    request.onsuccess = () => resolve(request.result ? request.result.value : undefined);
    request.onerror = () => reject(request.error);
  });
}

// Writes `items` ([storeName, value] pairs) with `add` in one strict transaction over
// `storeNames`, but only if all those stores are empty (counted inside the same
// transaction, so nothing can slip in between). `failAfter` (tests only) aborts the
// transaction after that many items have been placed.
export function restoreAll(db, storeNames, items, failAfter) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeNames, "readwrite", { durability: "strict" });
    // Why this function aborted; else the transaction's own error (see transactionDone).
    let failure = null;
    let first = null;
    let pending = storeNames.length;
    if (storeNames.includes("meta")) {
      refuseIfEncrypted(tx);
      storeNames = storeNames.filter((name) => name !== "meta");
      pending--;
    }
    for (const name of storeNames) {
      const count = tx.objectStore(name).count();
      count.onsuccess = () => {
        if (count.result > 0 && !failure) failure = new DOMException("The workspace is not empty.", "NotEmptyError");
        if (--pending > 0) return;
        if (failure) return tx.abort();
        for (let i = 0; i < items.length; i++) {
          if (i === failAfter) {
            failure = new DOMException("Injected failure.", "UnknownError");
            return tx.abort();
          }
          tx.objectStore(items[i][0]).add(items[i][1]);
        }
      };
    }
    tx.oncomplete = () => resolve();
    tx.onerror = (event) => { first ??= event.target.error; };
    tx.onabort = () => reject(failure ?? tx.refusal ?? tx.error ?? first ?? new DOMException("The transaction was aborted.", "AbortError"));
  });
}
