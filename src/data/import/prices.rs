//! On-demand Linux prices from the AWS Price List, in either shape:
//! `aws pricing get-products` output (`PriceList`: each product document a
//! JSON string; pages may be concatenated) or a bulk offer file
//! (`products` and `terms` keyed by SKU, hundreds of MB).
//!
//! The input is streamed: one product at a time goes through the filters, and
//! only what passes (and on-demand prices of SKUs that might) is kept, so
//! memory stays bounded whatever the file's size.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The product attributes the filters read.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Attributes {
    instance_type: Option<String>,
    operating_system: Option<String>,
    tenancy: Option<String>,
    #[serde(rename = "capacitystatus")]
    capacity_status: Option<String>,
    pre_installed_sw: Option<String>,
    license_model: Option<String>,
    #[serde(rename = "marketoption")]
    market_option: Option<String>,
    region_code: Option<String>,
    location: Option<String>,
    volume_api_name: Option<String>,
    usagetype: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Product {
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    product_family: Option<String>,
    #[serde(default)]
    attributes: Attributes,
}

/// One on-demand offer term: its price dimensions.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Term {
    #[serde(default)]
    price_dimensions: BTreeMap<String, Dimension>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Dimension {
    unit: Option<String>,
    #[serde(default)]
    price_per_unit: BTreeMap<String, String>,
}

/// A get-products product document.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProductDocument {
    product: Product,
    #[serde(default)]
    terms: DocumentTerms,
    publication_date: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct DocumentTerms {
    #[serde(rename = "OnDemand", default)]
    on_demand: BTreeMap<String, Term>,
}

/// Why products were left out, counted: the decoys an importer of Linux
/// on-demand prices must not take.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    pub not_an_instance: u64,
    pub not_linux: u64,
    pub not_shared_tenancy: u64,
    pub not_capacity_used: u64,
    pub pre_installed_software: u64,
    pub licensed: u64,
    pub not_on_demand_market: u64,
    pub other_region: u64,
    /// Products that pass but have no hourly price in the currency (or 0).
    pub no_hourly_price: u64,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            (self.not_an_instance, "not an instance type"),
            (self.not_linux, "not Linux"),
            (self.not_shared_tenancy, "not shared tenancy"),
            (self.not_capacity_used, "capacitystatus not Used"),
            (self.pre_installed_software, "with pre-installed software"),
            (self.licensed, "with a license"),
            (self.not_on_demand_market, "not the on-demand market"),
            (self.other_region, "of another region"),
            (self.no_hourly_price, "without an hourly price"),
        ];
        let said: Vec<String> = parts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, why)| format!("{n} {why}"))
            .collect();
        if said.is_empty() {
            write!(f, "none")
        } else {
            write!(f, "{}", said.join(", "))
        }
    }
}

/// The prices found: per instance type, for one region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prices {
    /// The region (its code where the data gives one).
    pub region: String,
    /// The latest publication date of the documents read (YYYY-MM-DD).
    pub as_of: Option<String>,
    pub hourly: BTreeMap<String, f64>,
    pub skipped: Skipped,
    /// Instance types with two different on-demand prices: the lower is kept.
    pub conflicts: Vec<String>,
    /// The region's EBS gp3 storage price a GB-month, where the input holds
    /// it (the `AmazonEC2` offer's "Storage" product, volumeApiName gp3).
    pub ebs_gp3_gb_month: Option<f64>,
}

/// A product that passed the filters, waiting for its region and price.
#[derive(Debug)]
struct Offer {
    /// The instance type; empty for the gp3 storage product.
    instance_type: String,
    /// Priced a GB-month (gp3 storage), not an hour.
    storage: bool,
    region_code: Option<String>,
    location: Option<String>,
    hourly: Option<f64>,
}

/// What the stream has gathered so far.
struct Gather<'a> {
    currency: &'a str,
    /// The region asked for: offers of another are dropped as they come.
    region: Option<&'a str>,
    /// Offers by SKU (an offer file's products; get-products documents).
    offers: HashMap<String, Offer>,
    /// On-demand prices of an offer file, by SKU: only for SKUs that passed,
    /// or all while no product has been read (terms before products).
    sku_prices: HashMap<String, f64>,
    products_seen: bool,
    publication: Option<String>,
    skipped: Skipped,
}

impl Gather<'_> {
    /// The filters of a Linux, shared-tenancy, on-demand price with no
    /// pre-installed software and no license; `None` for a product they keep.
    fn filter(&mut self, a: &Attributes) -> Option<()> {
        let is = |v: &Option<String>, want: &str| v.as_deref() == Some(want);
        let count = match () {
            _ if a.instance_type.is_none() => &mut self.skipped.not_an_instance,
            _ if !is(&a.operating_system, "Linux") => &mut self.skipped.not_linux,
            _ if !is(&a.tenancy, "Shared") => &mut self.skipped.not_shared_tenancy,
            _ if !is(&a.capacity_status, "Used") => &mut self.skipped.not_capacity_used,
            _ if !is(&a.pre_installed_sw, "NA") => &mut self.skipped.pre_installed_software,
            _ if a.license_model.is_some() && !is(&a.license_model, "No License required") => {
                &mut self.skipped.licensed
            }
            _ if a.market_option.is_some() && !is(&a.market_option, "OnDemand") => {
                &mut self.skipped.not_on_demand_market
            }
            _ => return None,
        };
        *count += 1;
        Some(())
    }

    fn offer(&mut self, product: Product, terms: Option<&BTreeMap<String, Term>>) {
        self.products_seen = true;
        let storage = is_gp3_storage(&product);
        if !storage && self.filter(&product.attributes).is_some() {
            return;
        }
        let unit = if storage { "GB-Mo" } else { "Hr" };
        let hourly = terms.and_then(|t| self.price(t, unit));
        let a = product.attributes;
        if let (Some(want), Some(code)) = (self.region, &a.region_code)
            && want != code
        {
            self.skipped.other_region += 1;
            return;
        }
        let sku = product
            .sku
            .unwrap_or_else(|| format!("#{}", self.offers.len()));
        let hourly = hourly.or_else(|| self.sku_prices.get(&sku).copied());
        let offer = Offer {
            instance_type: match storage {
                true => String::new(),
                false => a.instance_type.unwrap_or_default(),
            },
            storage,
            region_code: a.region_code,
            location: a.location,
            hourly,
        };
        self.offers.insert(sku, offer);
    }

    /// The on-demand price of a product's terms by `unit` (`Hr`, `GB-Mo`),
    /// in the currency.
    fn price(&self, terms: &BTreeMap<String, Term>, unit: &str) -> Option<f64> {
        terms
            .values()
            .flat_map(|t| t.price_dimensions.values())
            .filter(|d| d.unit.as_deref().is_some_and(|u| u.starts_with(unit)))
            .filter_map(|d| d.price_per_unit.get(self.currency))
            .filter_map(|p| p.trim().parse::<f64>().ok())
            .find(|p| p.is_finite() && *p > 0.0)
    }

    fn document(&mut self, doc: ProductDocument) {
        self.publication_date(doc.publication_date);
        self.offer(doc.product, Some(&doc.terms.on_demand));
    }

    fn publication_date(&mut self, date: Option<String>) {
        let Some(date) = date else { return };
        let day: String = date.chars().take(10).collect();
        if self.publication.as_ref().is_none_or(|d| *d < day) {
            self.publication = Some(day);
        }
    }

    fn term_price(&mut self, sku: String, terms: BTreeMap<String, Term>) {
        let unit = match self.offers.get(&sku) {
            Some(offer) if offer.storage => "GB-Mo",
            Some(_) => "Hr",
            // Terms before products: whichever unit the SKU is priced in.
            None if !self.products_seen => {
                if let Some(p) = self
                    .price(&terms, "Hr")
                    .or_else(|| self.price(&terms, "GB-Mo"))
                {
                    self.sku_prices.insert(sku, p);
                }
                return;
            }
            None => return,
        };
        let price = self.price(&terms, unit);
        if let (Some(offer), Some(price)) = (self.offers.get_mut(&sku), price) {
            offer.hourly = Some(price);
        }
    }
}

/// The `AmazonEC2` offer's gp3 storage product: productFamily "Storage",
/// volumeApiName "gp3", a usage type ending `EBS:VolumeUsage.gp3` (prefixed
/// by the region's code outside us-east-1).
fn is_gp3_storage(p: &Product) -> bool {
    let a = &p.attributes;
    p.product_family.as_deref() == Some("Storage")
        && a.volume_api_name.as_deref() == Some("gp3")
        && a.usagetype
            .as_deref()
            .is_some_and(|u| u.ends_with("EBS:VolumeUsage.gp3"))
}

/// Reads prices from a stream of one or more JSON documents (get-products
/// pages, or one offer file) and keeps those of `region` (or of the only
/// region there is). `currency` is the price currency to read.
pub fn read_prices(
    input: impl Read,
    currency: &str,
    region: Option<&str>,
) -> Result<Prices, String> {
    let mut gather = Gather {
        currency,
        region,
        offers: HashMap::new(),
        sku_prices: HashMap::new(),
        products_seen: false,
        publication: None,
        skipped: Skipped::default(),
    };
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, input));
    loop {
        TopLevel(&mut gather)
            .deserialize(&mut de)
            .map_err(|e| e.to_string())?;
        // Another page may follow (paginated output concatenated).
        if de.end().is_ok() {
            break;
        }
    }
    settle(gather, region)
}

/// Each offer's region, then the prices of the one region.
fn settle(mut g: Gather, region: Option<&str>) -> Result<Prices, String> {
    // A document without regionCode (older ones) is placed by its location,
    // as the documents that carry both name it.
    let codes: HashMap<String, String> = g
        .offers
        .values()
        .filter_map(|o| Some((o.location.clone()?, o.region_code.clone()?)))
        .collect();
    let region_of = |o: &Offer| {
        o.region_code
            .clone()
            .or_else(|| {
                o.location
                    .as_ref()
                    .map(|l| codes.get(l).unwrap_or(l).clone())
            })
            .unwrap_or_default()
    };
    let mut regions: Vec<String> = g
        .offers
        .values()
        .filter(|o| !o.storage)
        .map(region_of)
        .collect();
    regions.sort();
    regions.dedup();
    let region = match (region, regions.as_slice()) {
        (Some(r), _) => r.to_string(),
        (None, [only]) => only.clone(),
        (None, []) => String::new(),
        (None, many) => {
            return Err(format!(
                "the prices are of {} regions ({}): choose one with --region",
                many.len(),
                many.join(", ")
            ));
        }
    };
    let mut prices = Prices {
        region,
        as_of: g.publication.take(),
        ..Prices::default()
    };
    let mut offers: Vec<(&String, &Offer)> = g.offers.iter().collect();
    offers.sort_by(|a, b| a.0.cmp(b.0));
    for (_, offer) in offers {
        if region_of(offer) != prices.region {
            g.skipped.other_region += 1;
            continue;
        }
        if offer.storage {
            prices.ebs_gp3_gb_month = prices.ebs_gp3_gb_month.or(offer.hourly);
            continue;
        }
        let Some(price) = offer.hourly else {
            g.skipped.no_hourly_price += 1;
            continue;
        };
        let slot = prices
            .hourly
            .entry(offer.instance_type.clone())
            .or_insert(price);
        if *slot != price {
            prices.conflicts.push(offer.instance_type.clone());
            *slot = slot.min(price);
        }
    }
    prices.conflicts.sort();
    prices.conflicts.dedup();
    prices.skipped = g.skipped;
    Ok(prices)
}

/// A whole document: the keys of both shapes; the rest skipped unread.
struct TopLevel<'a, 'b>(&'a mut Gather<'b>);

impl<'de> DeserializeSeed<'de> for TopLevel<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("get-products output or an AWS price-list offer file (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "PriceList" => map.next_value_seed(PriceList(self.0))?,
                "products" => map.next_value_seed(Products(self.0))?,
                "terms" => map.next_value_seed(Terms(self.0))?,
                "publicationDate" => {
                    let date = map.next_value::<Option<String>>()?;
                    self.0.publication_date(date);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// get-products' `PriceList`: product documents as JSON strings.
struct PriceList<'a, 'b>(&'a mut Gather<'b>);

impl<'de> DeserializeSeed<'de> for PriceList<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PriceList<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of product documents")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(text) = seq.next_element::<String>()? {
            let doc: ProductDocument = serde_json::from_str(&text)
                .map_err(|e| de::Error::custom(format!("a PriceList document: {e}")))?;
            self.0.document(doc);
        }
        Ok(())
    }
}

/// An offer file's `products`: SKU → product.
struct Products<'a, 'b>(&'a mut Gather<'b>);

impl<'de> DeserializeSeed<'de> for Products<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Products<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("products by SKU")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.0.products_seen = true;
        while let Some(sku) = map.next_key::<String>()? {
            let mut product: Product = map.next_value()?;
            product.sku.get_or_insert(sku);
            self.0.offer(product, None);
        }
        Ok(())
    }
}

/// An offer file's `terms`: `OnDemand` read SKU by SKU, the rest skipped.
struct Terms<'a, 'b>(&'a mut Gather<'b>);

impl<'de> DeserializeSeed<'de> for Terms<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Terms<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("terms by kind")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(kind) = map.next_key::<String>()? {
            if kind == "OnDemand" {
                map.next_value_seed(OnDemand(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct OnDemand<'a, 'b>(&'a mut Gather<'b>);

impl<'de> DeserializeSeed<'de> for OnDemand<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OnDemand<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("on-demand terms by SKU")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(sku) = map.next_key::<String>()? {
            let terms: BTreeMap<String, Term> = map.next_value()?;
            self.0.term_price(sku, terms);
        }
        Ok(())
    }
}
