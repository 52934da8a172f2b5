//! The fictional world shared by all stories of one corpus: countries,
//! cities, recurring public figures, companies.  Recurring entities make
//! unrelated stories share names, as real news does.

use super::rng::Rng;
use super::vocab::vocab;

/// A person with a role.
#[derive(Clone, Debug)]
pub struct Person {
    /// Given name.
    pub first: String,
    /// Family name (used on second mention).
    pub last: String,
    /// Title / role, e.g. "Finance Minister".
    pub role: String,
}

impl Person {
    /// "First Last".
    pub fn full(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

/// A fictional country.
#[derive(Clone, Debug)]
pub struct Country {
    /// Name, e.g. "Kelmaria".
    pub name: String,
    /// Adjective, e.g. "Kelmarian".
    pub demonym: String,
    /// Cities; the first is the capital.
    pub cities: Vec<String>,
    /// Currency name.
    pub currency: String,
}

/// Everything recurring across stories.
pub struct World {
    /// Countries.
    pub countries: Vec<Country>,
    /// Recurring public figures with their country index.
    pub figures: Vec<(Person, usize)>,
    /// Company names.
    pub companies: Vec<String>,
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A pseudo surname from syllables, e.g. "Belvaran".
pub fn surname(rng: &mut Rng) -> String {
    let v = vocab();
    let n = rng.range(1, 2);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(rng.pick(&v.syllables));
    }
    s.push_str(rng.pick(&v.surname_endings));
    cap(&s)
}

/// A pseudo place name, e.g. "Torvaland".
pub fn place_name(rng: &mut Rng) -> String {
    let v = vocab();
    let n = rng.range(1, 2);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(rng.pick(&v.syllables));
    }
    s.push_str(rng.pick(&v.place_endings));
    cap(&s)
}

fn demonym(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("land") {
        format!("{stem}lander")
    } else if name.ends_with('a') {
        format!("{name}n")
    } else if name.ends_with('i') || name.ends_with('o') || name.ends_with('u') {
        format!("{name}an")
    } else if name.ends_with('e') {
        format!("{name}se")
    } else {
        format!("{name}i")
    }
}

/// A new random person with a role drawn from `roles`.
pub fn person(rng: &mut Rng, roles: &[&str]) -> Person {
    let v = vocab();
    Person {
        first: (*rng.pick(&v.first_names)).to_string(),
        last: surname(rng),
        role: rng.pick(roles).replace('_', " "),
    }
}

impl World {
    /// Builds the world for a corpus seed.
    pub fn new(seed: u64) -> World {
        let v = vocab();
        let mut rng = Rng::derive(&[seed, 0x3001]);
        let currencies = [
            "dinar", "peso", "franc", "krona", "rand", "lira", "ruble", "shilling", "rupee",
            "dollar", "crown", "lev", "real", "won", "ringgit", "naira", "birr", "taka",
        ];
        let mut countries = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while countries.len() < 70 {
            let name = place_name(&mut rng);
            if !seen.insert(name.clone()) {
                continue;
            }
            let ncity = rng.range(4, 12);
            let cities = (0..ncity).map(|_| place_name(&mut rng)).collect();
            countries.push(Country {
                demonym: demonym(&name),
                name,
                cities,
                currency: (*rng.pick(&currencies)).to_string(),
            });
        }
        let mut figures = Vec::new();
        for _ in 0..400 {
            let t = rng.pick(&v.topics);
            let p = person(&mut rng, &t.roles);
            let c = rng.below(countries.len());
            figures.push((p, c));
        }
        let mut companies = Vec::new();
        for _ in 0..500 {
            let base = if rng.chance(0.5) {
                surname(&mut rng)
            } else {
                place_name(&mut rng)
            };
            companies.push(format!("{} {}", base, rng.pick(&v.org_suffixes)));
        }
        World {
            countries,
            figures,
            companies,
        }
    }
}
