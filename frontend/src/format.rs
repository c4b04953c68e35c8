//! How values from the API read on screen.

/// "12 Mar 2026, 14:05"-style text for the API's ISO timestamps, in the
/// viewer's time zone and the active language's locale; falls back to
/// the raw text if it does not parse.
pub fn format_time(iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_string();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(&crate::i18n::locale(), &options)
        .into()
}
