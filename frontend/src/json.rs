//! A few fields of a small JSON object, read with the browser's own
//! `JSON.parse`: for an error reply and the token's claims, where serde's
//! derived deserialisers would cost more wasm than the reading itself. The
//! API's data (models.rs) goes through serde.

use wasm_bindgen::JsValue;

pub struct JsonObject(JsValue);

impl JsonObject {
    /// `None` for anything but a JSON object.
    pub fn parse(text: &str) -> Option<JsonObject> {
        let value = js_sys::JSON::parse(text).ok()?;
        value.is_object().then_some(JsonObject(value))
    }

    fn field(&self, key: &str) -> JsValue {
        js_sys::Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    /// The field if it is a string.
    pub fn string(&self, key: &str) -> Option<String> {
        self.field(key).as_string()
    }

    /// The field if it is a number.
    pub fn number(&self, key: &str) -> Option<f64> {
        self.field(key).as_f64()
    }
}
