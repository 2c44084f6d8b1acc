//! JSON in and out of the API, small enough for the first-load bundle.
//!
//! Answers are parsed by the browser (`JSON.parse`) and read field by field through
//! [`Json`]; each DTO has a small `from_json` written with the helpers below. Requests are
//! written by [`Out`]. serde_json and `#[derive(Deserialize)]` would do the same work with
//! code compiled per type, several times the size of these few shared functions — the
//! difference between fitting the 150 KiB first-load budget or not.
//!
//! In native builds (unit tests) [`Json`] wraps a `serde_json::Value` instead, so every
//! `from_json` is tested against real answers without a browser.
//!
//! A missing or mistyped field is an [`ApiError::BadResponse`] naming the field.

use super::ApiError;
use crate::format::Instant;

pub use backend::Json;

#[cfg(target_arch = "wasm32")]
mod backend {
    use js_sys::{Array, JSON, Reflect};
    use wasm_bindgen::JsValue;

    /// A value parsed by the browser's `JSON.parse`.
    #[derive(Clone, Debug)]
    pub struct Json(JsValue);

    impl Json {
        pub fn parse(text: &str) -> Option<Json> {
            JSON::parse(text).ok().map(Json)
        }

        /// The member `key` of an object; null when absent or not an object.
        pub fn get(&self, key: &str) -> Json {
            if !self.0.is_object() {
                return Json(JsValue::NULL);
            }
            Json(Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::NULL))
        }

        pub fn is_null(&self) -> bool {
            self.0.is_null() || self.0.is_undefined()
        }

        pub fn is_object(&self) -> bool {
            self.0.is_object() && !Array::is_array(&self.0)
        }

        pub fn as_str(&self) -> Option<String> {
            self.0.as_string()
        }

        pub fn as_f64(&self) -> Option<f64> {
            self.0.as_f64()
        }

        pub fn as_bool(&self) -> Option<bool> {
            self.0.as_bool()
        }

        /// The items of an array.
        pub fn items(&self) -> Option<Vec<Json>> {
            Array::is_array(&self.0).then(|| Array::from(&self.0).iter().map(Json).collect())
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod backend {
    use serde_json::Value;

    /// A value parsed by serde_json (native builds: the unit tests).
    #[derive(Clone, Debug)]
    pub struct Json(Value);

    impl Json {
        pub fn parse(text: &str) -> Option<Json> {
            serde_json::from_str(text).ok().map(Json)
        }

        /// The member `key` of an object; null when absent or not an object.
        pub fn get(&self, key: &str) -> Json {
            Json(self.0.get(key).cloned().unwrap_or(Value::Null))
        }

        pub fn is_null(&self) -> bool {
            self.0.is_null()
        }

        pub fn is_object(&self) -> bool {
            self.0.is_object()
        }

        pub fn as_str(&self) -> Option<String> {
            self.0.as_str().map(str::to_owned)
        }

        pub fn as_f64(&self) -> Option<f64> {
            self.0.as_f64()
        }

        pub fn as_bool(&self) -> Option<bool> {
            self.0.as_bool()
        }

        /// The items of an array.
        pub fn items(&self) -> Option<Vec<Json>> {
            self.0
                .as_array()
                .map(|items| items.iter().cloned().map(Json).collect())
        }
    }
}

fn bad(key: &str, want: &str) -> ApiError {
    ApiError::BadResponse(format!("`{key}` is not {want}"))
}

/// The value at `key`; null when absent.
pub fn get(v: &Json, key: &str) -> Json {
    v.get(key)
}

pub fn string(v: &Json, key: &str) -> Result<String, ApiError> {
    v.get(key).as_str().ok_or_else(|| bad(key, "a string"))
}

/// A nullable string; `None` when null or absent.
pub fn opt_string(v: &Json, key: &str) -> Option<String> {
    v.get(key).as_str()
}

/// A whole number (JSON numbers arrive as doubles: exact up to 2^53, far above any fee).
fn whole(v: &Json) -> Option<i64> {
    v.as_f64()
        .filter(|n| n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0)
        .map(|n| n as i64)
}

pub fn int(v: &Json, key: &str) -> Result<i64, ApiError> {
    whole(&v.get(key)).ok_or_else(|| bad(key, "an integer"))
}

/// A count or size: a non-negative integer that fits `u32`.
pub fn count(v: &Json, key: &str) -> Result<u32, ApiError> {
    opt_count(v, key).ok_or_else(|| bad(key, "a count"))
}

/// A nullable count; `None` when null, absent or not a count.
pub fn opt_count(v: &Json, key: &str) -> Option<u32> {
    whole(&v.get(key)).and_then(|n| u32::try_from(n).ok())
}

pub fn boolean(v: &Json, key: &str) -> Result<bool, ApiError> {
    v.get(key).as_bool().ok_or_else(|| bad(key, "a boolean"))
}

pub fn instant(v: &Json, key: &str) -> Result<Instant, ApiError> {
    v.get(key)
        .as_str()
        .and_then(|s| Instant::parse_rfc3339(&s))
        .ok_or_else(|| bad(key, "a date-time"))
}

/// A nullable date-time; `None` when null or absent.
pub fn opt_instant(v: &Json, key: &str) -> Result<Option<Instant>, ApiError> {
    if v.get(key).is_null() {
        Ok(None)
    } else {
        instant(v, key).map(Some)
    }
}

/// An enum value, by its GraphQL name.
pub fn enumeration<E>(v: &Json, key: &str, parse: fn(&str) -> Option<E>) -> Result<E, ApiError> {
    opt_enumeration(v, key, parse).ok_or_else(|| bad(key, "a known value"))
}

/// A nullable enum value; an unknown name reads as `None` too.
pub fn opt_enumeration<E>(v: &Json, key: &str, parse: fn(&str) -> Option<E>) -> Option<E> {
    v.get(key).as_str().as_deref().and_then(parse)
}

/// A list, each item read with `item`.
pub fn list<T>(
    v: &Json,
    key: &str,
    item: fn(&Json) -> Result<T, ApiError>,
) -> Result<Vec<T>, ApiError> {
    v.get(key)
        .items()
        .ok_or_else(|| bad(key, "a list"))?
        .iter()
        .map(item)
        .collect()
}

/// A list of strings.
pub fn strings(v: &Json, key: &str) -> Result<Vec<String>, ApiError> {
    v.get(key)
        .items()
        .ok_or_else(|| bad(key, "a list"))?
        .iter()
        .map(|s| s.as_str().ok_or_else(|| bad(key, "strings")))
        .collect()
}

/// A nullable object, read with `item` when present.
pub fn opt_object<T>(
    v: &Json,
    key: &str,
    item: fn(&Json) -> Result<T, ApiError>,
) -> Result<Option<T>, ApiError> {
    let found = v.get(key);
    if found.is_null() {
        Ok(None)
    } else {
        item(&found).map(Some)
    }
}

/// JSON to send: request bodies and GraphQL variables.
#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    Null,
    Int(i64),
    Str(String),
    List(Vec<Out>),
    Object(Vec<(&'static str, Out)>),
}

/// An object with these members, in this order.
pub fn obj<const N: usize>(members: [(&'static str, Out); N]) -> Out {
    Out::Object(members.into())
}

impl Out {
    /// The JSON text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Out::Null => out.push_str("null"),
            Out::Int(n) => out.push_str(&n.to_string()),
            Out::Str(s) => write_str(s, out),
            Out::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Out::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped; everything
/// else (Vietnamese included) written as UTF-8.
fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

impl From<&str> for Out {
    fn from(s: &str) -> Self {
        Out::Str(s.to_owned())
    }
}

impl From<String> for Out {
    fn from(s: String) -> Self {
        Out::Str(s)
    }
}

impl From<&String> for Out {
    fn from(s: &String) -> Self {
        Out::Str(s.clone())
    }
}

impl From<u32> for Out {
    fn from(n: u32) -> Self {
        Out::Int(i64::from(n))
    }
}

impl<T: Into<Out>> From<Option<T>> for Out {
    fn from(value: Option<T>) -> Self {
        value.map_or(Out::Null, Into::into)
    }
}

impl From<Vec<Out>> for Out {
    fn from(items: Vec<Out>) -> Self {
        Out::List(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Json {
        Json::parse(text).unwrap()
    }

    #[test]
    fn fields_are_read_and_problems_name_the_field() {
        let v = parse(
            r#"{"code": "TN.A", "n": 3, "ok": true, "none": null,
                "at": "2026-01-05T02:00:00Z", "tags": ["a", "b"], "x": 1.5}"#,
        );
        assert_eq!(string(&v, "code"), Ok("TN.A".to_owned()));
        assert_eq!(int(&v, "n"), Ok(3));
        assert_eq!(count(&v, "n"), Ok(3));
        assert_eq!(boolean(&v, "ok"), Ok(true));
        assert_eq!(opt_string(&v, "none"), None);
        assert_eq!(opt_string(&v, "absent"), None);
        assert!(instant(&v, "at").is_ok());
        assert_eq!(opt_instant(&v, "none"), Ok(None));
        assert_eq!(
            strings(&v, "tags"),
            Ok(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            string(&v, "n"),
            Err(ApiError::BadResponse("`n` is not a string".into()))
        );
        assert!(int(&v, "x").is_err(), "a fraction is not an integer");
        assert!(count(&parse(r#"{"n": -1}"#), "n").is_err());
        assert!(get(&parse("[1]"), "n").is_null());
    }

    #[test]
    fn requests_are_valid_json_with_escapes_and_vietnamese_text() {
        let body = obj([
            ("query", "query Q($c: String!) { x }".into()),
            (
                "variables",
                obj([
                    ("c", "Đăng ký \"khai sinh\"\n\\ \u{1}".into()),
                    ("n", 20u32.into()),
                    ("none", Option::<String>::None.into()),
                    ("list", vec![Out::Null, Out::Int(-5)].into()),
                ]),
            ),
        ]);
        let text = body.text();
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["variables"]["c"], "Đăng ký \"khai sinh\"\n\\ \u{1}");
        assert_eq!(back["variables"]["n"], 20);
        assert!(back["variables"]["none"].is_null());
        assert_eq!(back["variables"]["list"], serde_json::json!([null, -5]));
        assert!(text.contains("Đăng ký"), "non-ASCII is written as UTF-8");
    }
}
