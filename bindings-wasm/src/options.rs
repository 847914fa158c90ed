//! `ScanOptions` from JavaScript to a core [`Config`].
//!
//! Reading the JS object ([`ScanOptions::from_js`]) only collects what was
//! given; checking it ([`ScanOptions::config`]) is plain Rust, so the rules
//! are tested on the host. An option leaksift does not know is an error, so
//! that a misspelt `minConfidance` cannot silently scan with the defaults.

use js_sys::{Array, Object, Reflect};
use leaksift::{Config, DetectorSet};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{Error, ErrorKind};

const KNOWN_OPTIONS: &str = "detectors, minConfidence, contextWindow, environment, watermarkKey";

/// Scan options as given, not yet checked.
#[derive(Clone, Debug, Default)]
pub(crate) struct ScanOptions {
    /// Detector names, comma-separated (an array is joined).
    pub(crate) detectors: Option<String>,
    pub(crate) min_confidence: Option<f64>,
    pub(crate) context_window: Option<f64>,
    /// `"production"` or `"synthetic"`: the commingling policy.
    pub(crate) environment: Option<String>,
    /// The watermark key, already checked (the core wipes it on drop).
    pub(crate) watermark_key: Option<std::sync::Arc<leaksift::Key>>,
}

impl PartialEq for ScanOptions {
    /// Same settings; keys are equal only when they are the same key object
    /// (key bytes are never compared or exposed).
    fn eq(&self, other: &Self) -> bool {
        let same_key = match (&self.watermark_key, &other.watermark_key) {
            (None, None) => true,
            (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        };
        same_key
            && self.detectors == other.detectors
            && self.min_confidence == other.min_confidence
            && self.context_window == other.context_window
            && self.environment == other.environment
    }
}

impl ScanOptions {
    /// Collects the options from `undefined`, `null` or a plain object.
    pub(crate) fn from_js(value: Option<&JsValue>) -> Result<ScanOptions, Error> {
        let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
            return Ok(ScanOptions::default());
        };
        let object = plain_object(value, "options")?;
        for key in Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !KNOWN_OPTIONS.split(", ").any(|known| known == key) {
                return Err(Error::invalid(format!(
                    "unknown scan option {key:?} (known: {KNOWN_OPTIONS})"
                )));
            }
        }
        Ok(ScanOptions {
            detectors: detectors(&property(object, "detectors")?)?,
            min_confidence: number(&property(object, "minConfidence")?, "minConfidence")?,
            context_window: number(&property(object, "contextWindow")?, "contextWindow")?,
            environment: environment(&property(object, "environment")?)?,
            watermark_key: watermark_key(&property(object, "watermarkKey")?)?,
        })
    }

    /// The core configuration these options describe.
    pub(crate) fn config(&self) -> Result<Config, Error> {
        let mut config = Config::new();
        if let Some(list) = &self.detectors {
            config = config.detectors(DetectorSet::parse(list)?);
        }
        if let Some(value) = self.min_confidence {
            // Beyond a u8 the core cannot even be told; say it in its words.
            let confidence = whole_number(value, "minConfidence")?;
            let confidence = u8::try_from(confidence).map_err(|_| {
                Error::new(
                    ErrorKind::OutOfRange,
                    format!(
                        "minConfidence must be between 0 and 100, got {}",
                        js_number(value)
                    ),
                )
            })?;
            config = config.min_confidence(confidence);
        }
        if let Some(value) = self.context_window {
            let window = whole_number(value, "contextWindow")?;
            // Checked here rather than left to the core: past usize (wasm32
            // has 32 bits) the value could not even be handed over intact.
            let window = usize::try_from(window)
                .ok()
                .filter(|&w| w <= Config::MAX_CONTEXT_WINDOW)
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::OutOfRange,
                        format!(
                            "contextWindow must be at most {} bytes, got {}",
                            Config::MAX_CONTEXT_WINDOW,
                            js_number(value)
                        ),
                    )
                })?;
            config = config.context_window(window);
        }
        if let Some(name) = &self.environment {
            config = config.environment(name.parse::<leaksift::Environment>()?);
        }
        if let Some(key) = &self.watermark_key {
            config = config.watermark_key(key);
        }
        Ok(config)
    }
}

/// `value` written the way JavaScript would (`NaN`, `Infinity`, `1e+300`),
/// for error messages.
pub(crate) fn js_number(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if value.abs() >= 1e21 {
        format!("{value:e}").replace('e', "e+").replace("e+-", "e-")
    } else {
        format!("{value}")
    }
}

/// A non-negative whole number that fits a u64 (saturating; the caller
/// range-checks it).
fn whole_number(value: f64, name: &str) -> Result<u64, Error> {
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(Error::invalid(format!(
            "{name} must be a whole number, got {}",
            js_number(value)
        )));
    }
    if value < 0.0 {
        return Err(Error::new(
            ErrorKind::OutOfRange,
            format!("{name} must not be negative, got {}", js_number(value)),
        ));
    }
    // `as` saturates at u64::MAX, which every caller then rejects.
    Ok(value as u64)
}

/// `value` as an object with own properties, or an error naming `what`.
pub(crate) fn plain_object<'v>(value: &'v JsValue, what: &str) -> Result<&'v Object, Error> {
    if value.is_object() && !Array::is_array(value) && !value.is_function() {
        Ok(value.unchecked_ref())
    } else {
        Err(Error::invalid(format!(
            "{what} must be an object, got {}",
            type_name(value)
        )))
    }
}

/// `object[name]`, where a throwing getter becomes an error.
pub(crate) fn property(object: &Object, name: &str) -> Result<JsValue, Error> {
    Reflect::get(object, &JsValue::from_str(name))
        .map_err(|_| Error::invalid(format!("reading option {name:?} threw")))
}

/// `typeof value`, with `null` and arrays told apart, for error messages.
pub(crate) fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if Array::is_array(value) {
        "an array".to_owned()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

fn detectors(value: &JsValue) -> Result<Option<String>, Error> {
    if value.is_undefined() {
        return Ok(None);
    }
    if let Some(list) = value.as_string() {
        return Ok(Some(list));
    }
    let wrong = || {
        Error::invalid(format!(
            "detectors must be an array of detector names or a comma-separated string, got {}",
            type_name(value)
        ))
    };
    if !Array::is_array(value) {
        return Err(wrong());
    }
    let array: &Array = value.unchecked_ref();
    let mut names = Vec::with_capacity(array.length() as usize);
    for item in array.iter() {
        names.push(item.as_string().ok_or_else(|| {
            Error::invalid(format!(
                "detectors must hold strings, found {}",
                type_name(&item)
            ))
        })?);
    }
    Ok(Some(names.join(",")))
}

fn environment(value: &JsValue) -> Result<Option<String>, Error> {
    if value.is_undefined() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| {
        Error::invalid(format!(
            "environment must be \"production\" or \"synthetic\", got {}",
            type_name(value)
        ))
    })
}

fn watermark_key(value: &JsValue) -> Result<Option<std::sync::Arc<leaksift::Key>>, Error> {
    if value.is_undefined() {
        return Ok(None);
    }
    crate::masking::key_from_js(value)
        .map(|key| Some(std::sync::Arc::new(key)))
        .map_err(|e| Error::new(e.kind, format!("watermarkKey: {}", e.message)))
}

fn number(value: &JsValue, name: &str) -> Result<Option<f64>, Error> {
    if value.is_undefined() {
        return Ok(None);
    }
    value
        .as_f64()
        .map(Some)
        .ok_or_else(|| Error::invalid(format!("{name} must be a number, got {}", type_name(value))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(options: ScanOptions) -> Result<Config, Error> {
        options.config()
    }

    #[test]
    fn defaults_are_the_core_defaults() {
        assert_eq!(config(ScanOptions::default()), Ok(Config::new()));
    }

    #[test]
    fn every_option_reaches_the_config() -> Result<(), leaksift::Error> {
        let key = leaksift::Key::from_bytes(&[4; 16])?;
        let expected = Config::new()
            .detectors(DetectorSet::parse("pan,track")?)
            .min_confidence(70)
            .context_window(48)
            .environment(leaksift::Environment::Synthetic)
            .watermark_key(&key);
        let options = ScanOptions {
            detectors: Some("pan, track".into()),
            min_confidence: Some(70.0),
            context_window: Some(48.0),
            environment: Some("synthetic".into()),
            watermark_key: Some(std::sync::Arc::new(key)),
        };
        assert_eq!(config(options), Ok(expected));
        Ok(())
    }

    #[test]
    fn unknown_environments_are_refused() {
        let err = config(ScanOptions {
            environment: Some("staging".into()),
            ..ScanOptions::default()
        })
        .err();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::InvalidArgument));
    }

    #[test]
    fn numbers_must_be_whole_and_in_range() {
        let kind = |min_confidence: f64| {
            config(ScanOptions {
                min_confidence: Some(min_confidence),
                ..ScanOptions::default()
            })
            .map_err(|e| e.kind)
        };
        assert!(kind(100.0).is_ok());
        assert_eq!(kind(1.5), Err(ErrorKind::InvalidArgument));
        assert_eq!(kind(f64::NAN), Err(ErrorKind::InvalidArgument));
        assert_eq!(kind(f64::INFINITY), Err(ErrorKind::InvalidArgument));
        assert_eq!(kind(-1.0), Err(ErrorKind::OutOfRange));
        assert_eq!(kind(300.0), Err(ErrorKind::OutOfRange));
        let window = config(ScanOptions {
            context_window: Some(1e300),
            ..ScanOptions::default()
        });
        assert_eq!(window.map_err(|e| e.kind), Err(ErrorKind::OutOfRange));
    }

    #[test]
    fn numbers_in_messages_read_like_javascript() {
        assert_eq!(js_number(f64::NAN), "NaN");
        assert_eq!(js_number(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(js_number(1.5), "1.5");
        assert_eq!(js_number(1e12), "1000000000000");
        assert_eq!(js_number(1e300), "1e+300");
        assert_eq!(js_number(-2e22), "-2e+22");
    }

    #[test]
    fn unknown_detector_names_are_reported() {
        let err = config(ScanOptions {
            detectors: Some("pan,ssn-typo".into()),
            ..ScanOptions::default()
        })
        .err();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::UnknownDetector));
    }
}
