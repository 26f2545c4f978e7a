//! The keys a strict TOML table accepts, read from its serde model itself: the derive passes
//! every field name to `deserialize_struct`, and the same list is what `deny_unknown_fields`
//! checks a file against. So a list taken here cannot drift from what the parser accepts.

use serde::Deserialize;
use serde::de::{self, Visitor};
use std::fmt;

/// The field names of `T`, in the order they are declared.
pub(crate) fn of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut found = None;
    let _ = T::deserialize(Capture(&mut found));
    found.unwrap_or(&[])
}

/// A deserializer that reads nothing: it records the fields it is asked for, then gives up.
struct Capture<'a>(&'a mut Option<&'static [&'static str]>);

/// The error `Capture` gives up with.
#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field names captured")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> de::Deserializer<'de> for Capture<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        *self.0 = Some(fields);
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Example {
        title: String,
        #[serde(default)]
        weight: i64,
    }

    #[test]
    fn reads_the_fields_a_struct_accepts() {
        assert_eq!(super::of::<Example>(), ["title", "weight"]);
    }
}
