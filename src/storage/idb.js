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
    // A failed request's error reaches the transaction before tx.error is set.
    tx.onerror = (event) => reject(event.target.error ?? tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException("The transaction was aborted.", "AbortError"));
  });
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
