//! A few fields of a small JSON object, read with the browser's own
//! `JSON.parse`: for an error reply and the token's claims, where serde's
//! derived deserialisers would cost more wasm than the reading itself; and
//! for the replies of the screens written as HTML text (html.rs: history,
//! calendar, points, rewards). The rest of the API's data (models.rs) goes
//! through serde.

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

    /// The field if it is a whole number (ids, points: inside 2^53).
    pub fn int(&self, key: &str) -> Option<i64> {
        self.number(key)
            .filter(|n| n.fract() == 0.0)
            .map(|n| n as i64)
    }

    /// The field if it is an object (the agenda's `swap_offer`).
    pub fn object(&self, key: &str) -> Option<JsonObject> {
        let value = self.field(key);
        value.is_object().then_some(JsonObject(value))
    }

    /// The field if it is `true`.
    pub fn flag(&self, key: &str) -> bool {
        self.field(key).as_bool().unwrap_or(false)
    }

    /// The objects of this list (`key` `None`) or of its field `key`, each
    /// read by `read`: the history, points and reward replies' rows
    /// (pages/history.rs and the others written as HTML text).
    pub fn list<T>(&self, key: Option<&str>, read: fn(&JsonObject) -> Option<T>) -> Vec<T> {
        let list = key.map_or_else(|| self.0.clone(), |key| self.field(key));
        if !js_sys::Array::is_array(&list) {
            return Vec::new();
        }
        js_sys::Array::from(&list)
            .iter()
            .filter(JsValue::is_object)
            .filter_map(|row| read(&JsonObject(row)))
            .collect()
    }
}
