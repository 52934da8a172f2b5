//! What `dedup --jsonl --json` reads and writes: JSONL records and groups
//! as JSON. One source for the dedup example and for the Spark path's kernels
//! (`dist/kernels`), which must read and print the same bytes; both include it
//! with `#[path]`, so the core crate needs no JSON dependency.

use reprint::{Group, Member};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// One document read from the input.
#[derive(Debug, PartialEq, Eq)]
pub struct Doc {
    /// Its id.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// `line` without the UTF-8 byte-order mark it may start with. Editors on
/// Windows write one at the start of a file, and files joined with `cat` carry
/// theirs into the middle; JSON forbids it, but it is no part of the record.
pub fn strip_bom(line: &[u8]) -> &[u8] {
    line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line)
}

/// Parses one JSONL record: a line without its byte-order mark and the ASCII
/// whitespace at its ends, not blank.
pub fn parse_line(line: &[u8], id_field: &str, text_field: &str) -> Result<Doc, serde_json::Error> {
    let seed = Fields {
        id_field,
        text_field,
    };
    let mut de = serde_json::Deserializer::from_slice(line);
    seed.deserialize(&mut de).and_then(|d| de.end().map(|()| d))
}

/// Extracts the id and text fields of one JSON object, skipping the others
/// without building them.
struct Fields<'a> {
    id_field: &'a str,
    text_field: &'a str,
}

impl<'de> DeserializeSeed<'de> for Fields<'_> {
    type Value = Doc;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Doc, D::Error> {
        d.deserialize_map(self)
    }
}

/// An id: a JSON string, or a number taken as it is written (`1.50` is the id
/// "1.50", `7` the id "7", the same as "7"), so that integers and decimals are
/// both accepted and no id is changed by a round trip through a float.
struct IdValue(String);

impl<'de> de::Deserialize<'de> for IdValue {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<IdValue, D::Error> {
        let raw = <&'de serde_json::value::RawValue>::deserialize(d)?;
        let json = raw.get();
        let not = match json.as_bytes().first() {
            Some(b'"') => {
                return serde_json::from_str(json)
                    .map(IdValue)
                    .map_err(de::Error::custom)
            }
            Some(b'-' | b'0'..=b'9') => return Ok(IdValue(json.to_owned())),
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            _ => "this",
        };
        Err(de::Error::custom(format_args!(
            "the id must be a string or a number, not {not}"
        )))
    }
}

impl<'de> Visitor<'de> for Fields<'_> {
    type Value = Doc;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "an object with {:?} and {:?} fields",
            self.id_field, self.text_field
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
        let (mut id, mut text) = (None, None);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == self.id_field {
                id = Some(map.next_value::<IdValue>()?.0);
            } else if key == self.text_field {
                text = Some(map.next_value::<String>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let id =
            id.ok_or_else(|| de::Error::custom(format_args!("missing field {:?}", self.id_field)))?;
        // The library takes any string, but an empty id prints as nothing in a
        // group and is almost always a field left blank by the exporter.
        if id.is_empty() {
            return Err(de::Error::custom(format_args!(
                "the id (field {:?}) is empty: every record needs an id of its own",
                self.id_field
            )));
        }
        let text = text.ok_or_else(|| {
            de::Error::custom(format_args!("missing field {:?}", self.text_field))
        })?;
        Ok(Doc { id, text })
    }
}

// The JSON output is written straight from the groups, without building a
// `serde_json::Value` first, keys in a fixed order: the top-level object's
// `documents`, `groups`, `new_documents` are written by the caller
// (`print_json` in dedup, the `output` stage in dist/).

/// Serializes each item of a slice as the function `F` wraps it.
struct JsonSeq<'a, T, F>(&'a [T], F);

impl<'a, T, F, W> Serialize for JsonSeq<'a, T, F>
where
    F: Fn(&'a T) -> W,
    W: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(&self.1))
    }
}

/// A group in the JSON output: `{"representative":…,"members":[…]}`.
pub struct JsonGroup<'a>(pub &'a Group);

impl Serialize for JsonGroup<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("representative", &g.representative)?;
        m.serialize_entry("members", &JsonSeq(&g.members, JsonMember))?;
        m.end()
    }
}

/// A group member in the JSON output, with its scores against the
/// representative: `containment_ab` is the share of the member found in the
/// representative.
struct JsonMember<'a>(&'a Member);

impl Serialize for JsonMember<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("id", &p.id)?;
        m.serialize_entry("jaccard", &p.scores.jaccard)?;
        m.serialize_entry("containment_ab", &p.scores.containment_ab)?;
        m.serialize_entry("containment_ba", &p.scores.containment_ba)?;
        m.serialize_entry("number_overlap", &p.scores.number_overlap)?;
        m.end()
    }
}
