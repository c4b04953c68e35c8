//! The API's JSON, read and written with the browser's own `JSON.parse` and
//! `JSON.stringify`: every reply is read field by field through
//! [`JsonObject`] (models.rs, points.rs, records, the Today screen) and
//! every request body is built by [`Body`]. serde's derived code and
//! serde_json cost the wasm 19 KB brotli (53 KB raw) more than this.

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::JsValue;

pub struct JsonObject(JsValue);

impl JsonObject {
    /// `None` for anything but a JSON object (or list).
    pub fn parse(text: &str) -> Option<JsonObject> {
        let value = JSON::parse(text).ok()?;
        value.is_object().then_some(JsonObject(value))
    }

    fn field(&self, key: &str) -> JsValue {
        Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
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
        whole(&self.field(key))
    }

    /// The field if it is a whole number from 0 to `u32::MAX` (counts).
    pub fn count(&self, key: &str) -> Option<u32> {
        u32::try_from(self.int(key)?).ok()
    }

    /// The field if it is a boolean.
    pub fn boolean(&self, key: &str) -> Option<bool> {
        self.field(key).as_bool()
    }

    /// The field if it is an object (the agenda's `swap_offer`).
    pub fn object(&self, key: &str) -> Option<JsonObject> {
        let value = self.field(key);
        value.is_object().then_some(JsonObject(value))
    }

    /// The field if it is `true`.
    pub fn flag(&self, key: &str) -> bool {
        self.boolean(key).unwrap_or(false)
    }

    /// A field that may be null or missing: `Some(None)` then, `None` when
    /// it holds something `read` does not accept (a reply of the wrong
    /// shape is refused, not read as "no value").
    pub fn optional<T>(
        &self,
        key: &str,
        read: fn(&JsonObject, &str) -> Option<T>,
    ) -> Option<Option<T>> {
        if self.field(key).is_null_or_undefined() {
            Some(None)
        } else {
            read(self, key).map(Some)
        }
    }

    /// The whole numbers of the list in field `key`; null or missing is
    /// empty (a chore's `pool`).
    pub fn ints(&self, key: &str) -> Option<Vec<i64>> {
        let list = self.field(key);
        if list.is_null_or_undefined() {
            return Some(Vec::new());
        }
        items(&list)?.iter().map(|n| whole(&n)).collect()
    }

    /// This reply as a list of strings (`preview_schedule`'s instants).
    pub fn strings(&self) -> Option<Vec<String>> {
        items(&self.0)?.iter().map(|s| s.as_string()).collect()
    }

    /// The objects of this list (`key` `None`) or of its field `key`, each
    /// read by `read`, skipping rows it cannot read: the history, points
    /// and reward replies' rows (the screens written as HTML text).
    pub fn list<T>(&self, key: Option<&str>, read: fn(&JsonObject) -> Option<T>) -> Vec<T> {
        let list = key.map_or_else(|| self.0.clone(), |key| self.field(key));
        items(&list)
            .map(|list| {
                list.iter()
                    .filter(JsValue::is_object)
                    .filter_map(|row| read(&JsonObject(row)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// This reply as a list whose every row `read` accepts, or `None`
    /// (as serde refused a reply with one bad row).
    pub fn rows<T>(&self, read: fn(&JsonObject) -> Option<T>) -> Option<Vec<T>> {
        items(&self.0)?
            .iter()
            .map(|row| row.is_object().then(|| read(&JsonObject(row))).flatten())
            .collect()
    }
}

fn whole(value: &JsValue) -> Option<i64> {
    value
        .as_f64()
        .filter(|n| n.fract() == 0.0)
        .map(|n| n as i64)
}

fn items(value: &JsValue) -> Option<Array> {
    Array::is_array(value).then(|| Array::from(value))
}

/// A request body: an object's fields, written by `JSON.stringify`. A
/// field set to `undefined` is left out, so the SQL function's default
/// applies (the `some_*` setters); the `*_or_null` ones send null.
pub struct Body(Object);

impl Default for Body {
    fn default() -> Body {
        Body::new()
    }
}

impl Body {
    pub fn new() -> Body {
        Body(Object::new())
    }

    fn set(self, key: &str, value: &JsValue) -> Body {
        // Setting a field of a plain new object cannot fail.
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), value);
        self
    }

    /// Numbers go as JavaScript numbers (ids and points are inside 2^53),
    /// never as BigInt, which JSON.stringify refuses.
    pub fn int(self, key: &str, n: i64) -> Body {
        self.set(key, &JsValue::from_f64(n as f64))
    }

    pub fn text(self, key: &str, text: &str) -> Body {
        self.set(key, &JsValue::from_str(text))
    }

    pub fn flag(self, key: &str, flag: bool) -> Body {
        self.set(key, &JsValue::from_bool(flag))
    }

    pub fn object(self, key: &str, body: Body) -> Body {
        let value = body.0.into();
        self.set(key, &value)
    }

    pub fn some_int(self, key: &str, n: Option<i64>) -> Body {
        match n {
            Some(n) => self.int(key, n),
            None => self,
        }
    }

    pub fn some_text(self, key: &str, text: Option<&str>) -> Body {
        match text {
            Some(text) => self.text(key, text),
            None => self,
        }
    }

    pub fn int_or_null(self, key: &str, n: Option<i64>) -> Body {
        match n {
            Some(n) => self.int(key, n),
            None => self.set(key, &JsValue::NULL),
        }
    }

    pub fn text_or_null(self, key: &str, text: Option<&str>) -> Body {
        match text {
            Some(text) => self.text(key, text),
            None => self.set(key, &JsValue::NULL),
        }
    }

    pub fn ints_or_null(self, key: &str, list: Option<&[i64]>) -> Body {
        let value = match list {
            Some(list) => list
                .iter()
                .map(|&n| JsValue::from_f64(n as f64))
                .collect::<Array>()
                .into(),
            None => JsValue::NULL,
        };
        self.set(key, &value)
    }

    /// The JSON text (a plain object of strings, numbers and lists always
    /// stringifies; if it did not, the API would refuse the empty body).
    pub fn finish(self) -> String {
        JSON::stringify(&self.0)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    }
}
