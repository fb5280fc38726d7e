//! Panics. The engine should never panic; if it does, the page must hear about it with
//! the code `internal` instead of hanging or failing silently.
//!
//! On wasm32-unknown-unknown a panic always aborts (the release profile says so too), so
//! the hook runs and then the instance traps: the JS call in progress throws a
//! `WebAssembly.RuntimeError` ("unreachable"), and nothing of the engine can be trusted
//! afterwards. The hook therefore
//! - rejects the promise of the asynchronous call being polled, if any (see [`promise`]),
//!   with an `AuditError` whose code is `internal` (a promise whose task traps would
//!   otherwise never settle);
//! - dispatches [`EVENT`] on `globalThis` with that error as `detail`, so the page can
//!   stop using the engine and offer a reload;
//! - logs the message to the console.
//!
//! What was committed before stays intact: a change is in memory only after IndexedDB
//! committed it.

use super::js_error;
use crate::error::{Error, ErrorCode};
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Once;
use std::task::{Context, Poll};
use wasm_bindgen::prelude::*;

/// The event dispatched on `globalThis` when the engine panics; `detail` is the
/// `AuditError` (code `internal`).
pub const EVENT: &str = "isms-audit:panic";

thread_local! {
    /// The reject function of the call whose future is being polled.
    static POLLING: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Installs the panic hook (once; later calls do nothing). A hook installed before
/// (e.g. a test runner's) still runs after it.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            report(&info.to_string());
            previous(info);
        }));
    });
}

/// What the hook does with a panic's message: rejects the call being polled and tells
/// the page. It must not panic itself, so every JS call's result is ignored.
pub fn report(panic: &str) {
    let error = js_error(Error::new(
        ErrorCode::Internal,
        format!(
            "The engine stopped on an internal error, so nothing more can be saved in this page: {panic}. What was saved before is intact; reload the page to continue."
        ),
    ));
    web_sys::console::error_1(&error);
    let reject = POLLING.with(|p| p.try_borrow().ok().and_then(|r| r.clone()));
    if let Some(reject) = reject {
        let _ = reject.call1(&JsValue::UNDEFINED, &error);
    }
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&error);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(EVENT, &init) {
        let global: web_sys::EventTarget = js_sys::global().unchecked_into();
        let _ = global.dispatch_event(&event);
    }
}

/// A promise of `future`'s result (like `future_to_promise`) that the panic hook rejects
/// with an `internal` error if the engine panics while working on it.
pub fn promise<F>(future: F) -> Promise
where
    F: Future<Output = Result<JsValue, JsValue>> + 'static,
{
    let mut future = Some(future);
    Promise::new(&mut |resolve, reject| {
        // The executor runs exactly once, synchronously.
        let Some(future) = future.take() else { return };
        let guarded = Guarded {
            future: Box::pin(future),
            reject: reject.clone(),
        };
        wasm_bindgen_futures::spawn_local(async move {
            let _ = match guarded.await {
                Ok(value) => resolve.call1(&JsValue::UNDEFINED, &value),
                Err(error) => reject.call1(&JsValue::UNDEFINED, &error),
            };
        });
    })
}

/// A future that marks its call as the one being polled, for the panic hook.
struct Guarded<F> {
    future: Pin<Box<F>>,
    reject: Function,
}

impl<F: Future> Future for Guarded<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let outer = POLLING.with(|p| p.replace(Some(self.reject.clone())));
        let result = self.future.as_mut().poll(cx);
        POLLING.with(|p| *p.borrow_mut() = outer);
        result
    }
}
