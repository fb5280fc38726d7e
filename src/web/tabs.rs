//! Several tabs on one workspace: after each commit a tab announces it on a
//! BroadcastChannel; the others take in the new journal entries (replaying them, or
//! re-reading the store when they do not replay) and tell the page. A tab whose
//! database is being upgraded by a newer page closes its connection.

use super::Inner;
use crate::error::{Error, ErrorCode};
use crate::workspace::Command;
use js_sys::Function;
use serde::Serialize;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

pub(super) struct Tabs {
    channel: BroadcastChannel,
    callback: Rc<RefCell<Option<Function>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_version_change: Closure<dyn FnMut()>,
}

impl Tabs {
    pub(super) fn listen(inner: &Rc<Inner>) -> Result<Tabs, Error> {
        let channel = BroadcastChannel::new(&format!("isms-audit:{}", inner.session.store().inner().name()))
            .map_err(|_| {
                Error::new(
                    ErrorCode::Unsupported,
                    "This browser cannot tell other tabs about changes here (no BroadcastChannel), so several tabs could overwrite each other. Use a current browser.",
                )
            })?;
        let callback: Rc<RefCell<Option<Function>>> = Rc::default();
        let weak: Weak<Inner> = Rc::downgrade(inner);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
            if let Some(inner) = weak.upgrade() {
                wasm_bindgen_futures::spawn_local(async move { refresh(&inner).await });
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let db = inner.session.store().inner().database().clone();
        let closed_callback = callback.clone();
        let on_version_change = Closure::<dyn FnMut()>::new(move || {
            db.close();
            notify(&closed_callback, "closed");
        });
        inner
            .session
            .store()
            .inner()
            .database()
            .set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        Ok(Tabs {
            channel,
            callback,
            _on_message: on_message,
            _on_version_change: on_version_change,
        })
    }

    /// Tells the other tabs that journal entry `seq` is committed.
    pub(super) fn announce(&self, seq: u64) {
        // A tab that misses the message still sees the change on its next conflict.
        let _ = self.channel.post_message(&JsValue::from_f64(seq as f64));
    }

    pub(super) fn set_callback(&self, callback: Function) {
        *self.callback.borrow_mut() = Some(callback);
    }
}

impl Drop for Tabs {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

/// Takes in what other tabs committed and tells the page.
pub(super) async fn refresh(inner: &Rc<Inner>) {
    if let Err(e) = inner.session.catch_up(decode_command).await {
        web_sys::console::error_1(&JsValue::from_str(&e.message));
    }
    if let Some(tabs) = inner.tabs.borrow().as_ref() {
        notify(&tabs.callback, "changed");
    }
}

/// A journal entry's command, decoded through a JS value as `dispatch` decodes the
/// page's commands: a second decoder from JSON values would add ~37 KB gzip to the engine.
fn decode_command(value: &Value) -> Option<Command> {
    let js = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    serde_wasm_bindgen::from_value(js).ok()
}

fn notify(callback: &RefCell<Option<Function>>, reason: &str) {
    if let Some(f) = callback.borrow().as_ref() {
        let _ = f.call1(&JsValue::NULL, &JsValue::from_str(reason));
    }
}
