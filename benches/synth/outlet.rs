//! News outlets: a fixed page template (boilerplate) and an editorial
//! house style per outlet.

use super::rng::Rng;
use super::vocab::vocab;
use super::world::{place_name, surname};

/// Language of an outlet's template and of the stories it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutletLang {
    /// English-language site.
    En,
    /// Chinese-language site.
    Zh,
    /// Arabic-language site.
    Ar,
}

/// How quotes are typeset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteStyle {
    /// Leave as in the source.
    Keep,
    /// Straight ASCII quotes.
    Straight,
    /// Typographic quotes.
    Curly,
}

/// How the wire agency is credited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attribution {
    /// "CITY, Month d (AP) — " before the lead.
    Dateline,
    /// "CITY (Reuters) - " before the lead.
    DatelineShort,
    /// ", reports Xinhua news agency." at the end of a paragraph.
    Reports,
    /// "Reuters reported." appended to the lead paragraph.
    Reported,
    /// "(With inputs from IANS)" as the last line.
    Inputs,
    /// No credit.
    None,
}

/// Editorial house style.
#[derive(Clone, Debug)]
pub struct Style {
    /// Quote typesetting.
    pub quotes: QuoteStyle,
    /// Replacement for " — " (spaced em dash).
    pub dash: &'static str,
    /// Paragraph separator.
    pub para_sep: &'static str,
    /// Hard-wrap width, if the outlet's feed is hard-wrapped.
    pub wrap: Option<usize>,
    /// Probability of joining two adjacent paragraphs.
    pub join: f64,
    /// US spelling (criticize, defense) instead of UK.
    pub us_spelling: bool,
    /// Replacement for " percent".
    pub percent: &'static str,
    /// Writes "US" instead of "U.S.".
    pub us_no_dots: bool,
    /// Agency credit style.
    pub attribution: Attribution,
    /// Title Case headlines.
    pub title_case: bool,
    /// Headline suffix such as " | The Daily Vorn".
    pub headline_suffix: Option<String>,
    /// Probability a copy is truncated.
    pub truncate: f64,
    /// Probability a copy gets the outlet's own new first paragraph.
    pub intro: f64,
    /// Headline printed twice (page title + h1).
    pub headline_twice: bool,
}

/// Interstitial lines between body paragraphs.
#[derive(Clone, Debug)]
pub enum Interstitial {
    /// A fixed line such as "ADVERTISEMENT".
    Fixed(String),
    /// "Also read: {headline}" with the given prefix.
    AlsoRead(String),
}

/// One outlet (site) with its fixed template.
#[derive(Clone, Debug)]
pub struct Outlet {
    /// Outlet id (the `outlet` label in the corpus).
    pub id: u32,
    /// Language.
    pub lang: OutletLang,
    /// Site name.
    pub name: String,
    /// Fixed lines at the top of every page (light boilerplate).
    pub top_light: Vec<String>,
    /// Fixed lines at the bottom of every page (light boilerplate).
    pub bottom_light: Vec<String>,
    /// Additional fixed top lines in heavy mode (navigation, login, ...).
    pub top_heavy: Vec<String>,
    /// Additional fixed bottom lines in heavy mode (footer).
    pub bottom_heavy: Vec<String>,
    /// Date line format (index), or `None`.
    pub date_format: Option<u8>,
    /// "2 mins read" style line.
    pub reading_time: bool,
    /// Interstitial element and its period in paragraphs.
    pub interstitial: Option<(Interstitial, usize)>,
    /// Interstitial used only in heavy mode.
    pub interstitial_heavy: Option<(Interstitial, usize)>,
    /// Staff bylines (heavy mode).
    pub staff: Vec<String>,
    /// Share line (heavy mode).
    pub share: Option<String>,
    /// "Previous Story / Next Story" labels (heavy mode).
    pub prev_next: Option<(String, String)>,
    /// Label and size of the "Latest from" block with teasers (heavy).
    pub latest: Option<(String, usize)>,
    /// Label and size of the related-headlines list (heavy).
    pub related: Option<(String, usize)>,
    /// Label of the fixed "Most read" block (heavy).
    pub most_read: Option<String>,
    /// Crawl block length: pages within one block share the same lists.
    pub crawl_block: usize,
    /// Editorial style.
    pub style: Style,
}

const EN_PAPER: &[&str] = &[
    "Times",
    "Herald",
    "Post",
    "Tribune",
    "Observer",
    "Chronicle",
    "Gazette",
    "Express",
    "Star",
    "Journal",
    "Mirror",
    "Standard",
    "Sentinel",
    "Courier",
    "Monitor",
    "Guardian",
    "Telegraph",
];
const EN_SITE: &[&str] = &[
    "Daily",
    "Today",
    "Insider",
    "Online",
    "Live",
    "24",
    "Now",
    "Wire",
    "Report",
    "Lite News",
    "Press",
    "News",
    "Post",
    "Review",
];
const EN_TAGLINES: &[&str] = &[
    "Voice of the people",
    "News without borders",
    "Your window on the world",
    "Independent. Fearless. Free.",
    "All the news that matters",
    "Truth first",
    "The region’s most trusted news source",
    "Breaking news and analysis",
];
const AR_TAGLINES: &[&str] = &[
    "بالشعب و للشعب",
    "صوت الحقيقة",
    "أخبار العالم بين يديك",
    "الخبر اليقين",
];
const ZH_TAGLINES: &[&str] = &["权威 准确 及时", "传播正能量", "新闻改变生活"];
const EN_NAV: &[&str] = &[
    "Home",
    "World",
    "Politics",
    "Business",
    "Economy",
    "Markets",
    "Tech",
    "Science",
    "Health",
    "Sports",
    "Entertainment",
    "Culture",
    "Lifestyle",
    "Opinion",
    "Video",
    "Photos",
    "Podcasts",
    "Travel",
    "Food",
    "Education",
    "Environment",
    "Local",
    "National",
    "Asia",
    "Africa",
    "Europe",
    "Americas",
    "Middle East",
    "Weather",
    "Obituaries",
    "Jobs",
    "Real Estate",
    "Autos",
    "e-Paper",
    "Newsletters",
    "Top News",
    "Latest",
    "Features",
    "Interviews",
    "Columns",
];
const ZH_NAV: &[&str] = &[
    "首页", "要闻", "国内", "国际", "财经", "科技", "体育", "娱乐", "社会", "评论", "视频", "图片",
    "军事", "健康", "教育", "汽车", "房产", "旅游",
];
const AR_NAV: &[&str] = &[
    "الرئيسية",
    "أخبار",
    "سياسة",
    "اقتصاد",
    "رياضة",
    "ثقافة",
    "تكنولوجيا",
    "صحة",
    "مقالات",
    "فيديو",
    "منوعات",
    "العالم",
    "عربي",
    "محليات",
];

/// The social-media handle of a site name ("@thevornherald").
fn handle_of(name: &str, id: u32) -> String {
    let handle = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    if handle.is_empty() {
        format!("news{}", id)
    } else {
        handle
    }
}

fn pick_n(rng: &mut Rng, xs: &[&'static str], n: usize) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = xs.to_vec();
    rng.shuffle(&mut v);
    v.truncate(n.min(xs.len()));
    v
}

impl Outlet {
    /// Generates outlet `id` with the given language.
    pub fn new(seed: u64, id: u32, lang: OutletLang) -> Outlet {
        let mut rng = Rng::derive(&[seed, 0x0071, u64::from(id)]);
        let place = place_name(&mut rng);
        let name = match lang {
            OutletLang::En => match rng.below(3) {
                0 => format!("The {} {}", place, rng.pick(EN_PAPER)),
                1 => format!("{} {}", place, rng.pick(EN_SITE)),
                _ => format!("{} {}", surname(&mut rng), rng.pick(EN_SITE)),
            },
            OutletLang::Zh => {
                let l = [
                    "江", "海", "东", "南", "华", "新", "中", "京", "粤", "川", "齐", "鲁",
                ];
                format!(
                    "{}{}{}",
                    rng.pick(&l),
                    rng.pick(&l),
                    rng.pick(&["日报", "晚报", "新闻网", "在线", "商报", "时报"])
                )
            }
            OutletLang::Ar => {
                format!(
                    "{} {}",
                    rng.pick(&["صحيفة", "بوابة", "جريدة", "موقع"]),
                    rng.pick(&[
                        "الأهرام",
                        "الوطن",
                        "الخليج",
                        "الشروق",
                        "النهار",
                        "الرأي",
                        "البيان",
                        "الغد",
                        "الصباح",
                        "الفجر"
                    ])
                ) + &format!(" {}", rng.below(90) + 10)
            }
        };
        let mut top_light = vec![name.clone()];
        let tag_roll = rng.below(10);
        let tagline = match (lang, tag_roll) {
            (_, 0..=3) => None,
            (OutletLang::En, 4 | 5) => Some((*rng.pick(AR_TAGLINES)).to_string()),
            (OutletLang::En, _) => Some((*rng.pick(EN_TAGLINES)).to_string()),
            (OutletLang::Zh, _) => Some((*rng.pick(ZH_TAGLINES)).to_string()),
            (OutletLang::Ar, _) => Some((*rng.pick(AR_TAGLINES)).to_string()),
        };
        if let Some(t) = tagline {
            top_light.push(t);
        }
        let handle = handle_of(&name, id);
        let (social, comments, newsletter): (Vec<String>, Vec<&str>, Vec<&str>) = match lang {
            OutletLang::En => (
                vec![
                    "Follow us on: Facebook, Twitter, Google News, Instagram".into(),
                    format!("Join our official telegram channel (@{handle}) and stay updated with the latest headlines"),
                    "Share this: Facebook Twitter WhatsApp Email".into(),
                    format!("Like {name} on Facebook and follow us on X for the latest updates."),
                    format!("Follow {name} on Google News"),
                ],
                vec![
                    "Be the first to comment",
                    "Leave a Reply",
                    "Your email address will not be published.",
                    "Comments (0)",
                    "Post a comment",
                    "Login to comment",
                ],
                vec![
                    "Newsletter",
                    "Sign up for our daily newsletter",
                    "Get the latest news delivered to your inbox. Subscribe now.",
                    "Enter your email address",
                ],
            ),
            OutletLang::Zh => (
                vec![
                    "关注我们：微信 微博 抖音".into(),
                    format!("欢迎关注{name}官方微信公众号"),
                ],
                vec!["发表评论", "网友评论", "我要评论"],
                vec!["订阅新闻", "扫码下载客户端"],
            ),
            OutletLang::Ar => (
                vec![
                    "تابعونا على: فيسبوك تويتر إنستغرام".into(),
                    format!("انضموا إلى قناة {name} على تيليغرام"),
                ],
                vec!["أضف تعليقك", "التعليقات"],
                vec!["النشرة البريدية", "اشترك في نشرتنا اليومية"],
            ),
        };
        let mut bottom_light = Vec::new();
        for _ in 0..rng.range(1, 2) {
            let s = rng.pick(&social).clone();
            if !bottom_light.contains(&s) {
                bottom_light.push(s);
            }
        }
        if rng.chance(0.7) {
            bottom_light.push((*rng.pick(&comments)).to_string());
            if lang == OutletLang::En && rng.chance(0.4) {
                bottom_light.push("Leave a Reply".into());
                bottom_light.push("Your email address will not be published.".into());
                bottom_light.dedup();
            }
        }
        if rng.chance(0.4) {
            bottom_light.push((*rng.pick(&newsletter)).to_string());
        }
        let nav_src = match lang {
            OutletLang::En => EN_NAV,
            OutletLang::Zh => ZH_NAV,
            OutletLang::Ar => AR_NAV,
        };
        let k = rng.range(8, 16);
        let nav = pick_n(&mut rng, nav_src, k);
        let sep = *rng.pick(&[" | ", "\n", "  ", " · ", " "]);
        let mut top_heavy = Vec::new();
        if rng.chance(0.5) {
            top_heavy.push(match lang {
                OutletLang::En => (*rng.pick(&[
                    "Sign in | Subscribe",
                    "Login Register",
                    "Subscribe Now",
                    "Search",
                    "Menu",
                ]))
                .to_string(),
                OutletLang::Zh => "登录 注册".to_string(),
                OutletLang::Ar => "تسجيل الدخول".to_string(),
            });
        }
        top_heavy.push(nav.join(sep));
        if rng.chance(0.4) {
            let trending = pick_n(&mut rng, nav_src, 4);
            top_heavy.push(match lang {
                OutletLang::En => format!("Trending: {}", trending.join(", ")),
                OutletLang::Zh => format!("热点：{}", trending.join("、")),
                OutletLang::Ar => format!("الأكثر تداولا: {}", trending.join("، ")),
            });
        }
        if lang == OutletLang::En && rng.chance(0.25) {
            top_heavy.push("We use cookies to improve your experience on our website. By continuing you accept our use of cookies. Accept".into());
        }
        let year = 1950 + rng.below(70);
        let mut bottom_heavy = Vec::new();
        match lang {
            OutletLang::En => {
                if rng.chance(0.6) {
                    bottom_heavy.push(
                        "About Us | Contact Us | Privacy Policy | Terms of Use | Advertise With Us"
                            .into(),
                    );
                }
                bottom_heavy.push(format!(
                    "© {} {}. All rights reserved.",
                    2020 + rng.below(6),
                    name
                ));
                if rng.chance(0.4) {
                    bottom_heavy.push(format!(
                        "{} Road, {}, established {}",
                        rng.range(1, 400),
                        place_name(&mut rng),
                        year
                    ));
                }
                if rng.chance(0.3) {
                    bottom_heavy.push(format!(
                        "{name} is not responsible for the content of external websites."
                    ));
                }
                if rng.chance(0.3) {
                    bottom_heavy.push("Download our app: App Store | Google Play".into());
                }
                if rng.chance(0.3) {
                    bottom_heavy.push("Go toTop".into());
                }
                if rng.chance(0.2) {
                    bottom_heavy.push("0:00\n0:00\nClose\n×".into());
                }
            }
            OutletLang::Zh => {
                bottom_heavy.push(format!(
                    "版权所有 © {} {} 未经授权禁止转载",
                    2000 + rng.below(25),
                    name
                ));
                bottom_heavy.push("关于我们 | 联系我们 | 广告服务 | 网站地图".into());
            }
            OutletLang::Ar => {
                bottom_heavy.push(format!(
                    "جميع الحقوق محفوظة © {} {}",
                    2000 + rng.below(25),
                    name
                ));
                bottom_heavy.push("من نحن | اتصل بنا | سياسة الخصوصية".into());
            }
        }
        let inter = |rng: &mut Rng| -> Interstitial {
            match lang {
                OutletLang::En => match rng.below(6) {
                    0 => Interstitial::Fixed("Published: undefined".into()),
                    1 => Interstitial::Fixed("ADVERTISEMENT".into()),
                    2 => Interstitial::Fixed("Story continues below advertisement".into()),
                    3 => Interstitial::AlsoRead("Also read:".into()),
                    4 => Interstitial::AlsoRead("READ MORE:".into()),
                    _ => Interstitial::Fixed("- Advertisement -".into()),
                },
                OutletLang::Zh => match rng.below(2) {
                    0 => Interstitial::AlsoRead("相关阅读：".into()),
                    _ => Interstitial::Fixed("广告".into()),
                },
                OutletLang::Ar => match rng.below(2) {
                    0 => Interstitial::AlsoRead("اقرأ أيضا:".into()),
                    _ => Interstitial::Fixed("إعلان".into()),
                },
            }
        };
        let interstitial = if rng.chance(0.45) {
            Some((inter(&mut rng), rng.range(2, 5)))
        } else {
            None
        };
        let interstitial_heavy = if rng.chance(0.5) {
            Some((inter(&mut rng), rng.range(2, 4)))
        } else {
            None
        };
        let v = vocab();
        let staff = (0..rng.range(3, 20))
            .map(|_| format!("{} {}", rng.pick(&v.first_names), surname(&mut rng)))
            .collect();
        let (prev, next, latest_l, related_l, most_l) = match lang {
            OutletLang::En => (
                "Previous Story",
                "Next Story",
                *rng.pick(&[
                    "Latest from -Top News",
                    "Latest News",
                    "More Stories",
                    "Latest",
                ]),
                *rng.pick(&[
                    "Related Articles",
                    "Related News",
                    "You may also like",
                    "Read Next",
                    "Recommended",
                    "More News",
                ]),
                *rng.pick(&["Most Read", "Popular", "Trending Now", "Most Viewed"]),
            ),
            OutletLang::Zh => ("上一篇", "下一篇", "最新消息", "相关新闻", "热门文章"),
            OutletLang::Ar => (
                "السابق",
                "التالي",
                "آخر الأخبار",
                "أخبار ذات صلة",
                "الأكثر قراءة",
            ),
        };
        let share = if rng.chance(0.5) {
            Some(match lang {
                OutletLang::En => (*rng.pick(&[
                    "Share: Facebook Twitter LinkedIn WhatsApp",
                    "Share this article",
                    "Share on Facebook Share on Twitter",
                    "Copy link",
                ]))
                .to_string(),
                OutletLang::Zh => "分享到：微信 微博".to_string(),
                OutletLang::Ar => "شارك: فيسبوك تويتر واتساب".to_string(),
            })
        } else {
            None
        };
        let prev_next = if rng.chance(0.5) {
            Some((prev.to_string(), next.to_string()))
        } else {
            None
        };
        let latest = if rng.chance(0.3) {
            Some((latest_l.to_string(), rng.range(3, 6)))
        } else {
            None
        };
        let related = if rng.chance(0.6) {
            let u = rng.unit();
            Some((related_l.to_string(), 20 + (40.0 * u * u * u) as usize))
        } else {
            None
        };
        let most_read = if rng.chance(0.35) {
            Some(most_l.to_string())
        } else {
            None
        };
        let quotes =
            [QuoteStyle::Keep, QuoteStyle::Straight, QuoteStyle::Curly][rng.weighted(&[4, 4, 2])];
        let attribution = [
            Attribution::Dateline,
            Attribution::DatelineShort,
            Attribution::Reports,
            Attribution::Reported,
            Attribution::Inputs,
            Attribution::None,
        ][rng.weighted(&[3, 2, 2, 2, 2, 3])];
        let style = Style {
            quotes,
            dash: [" — ", " – ", " - ", " -- ", "—"][rng.weighted(&[5, 2, 3, 1, 1])],
            para_sep: ["\n\n", "\n", "\n\n\n", "\n \n"][rng.weighted(&[6, 4, 1, 1])],
            wrap: if rng.chance(0.08) {
                Some(rng.range(60, 80))
            } else {
                None
            },
            join: if rng.chance(0.15) {
                rng.unit() * 0.6
            } else {
                0.0
            },
            us_spelling: rng.chance(0.5),
            percent: [" percent", " per cent", "%", " pct"][rng.weighted(&[5, 3, 3, 1])],
            us_no_dots: rng.chance(0.4),
            attribution,
            title_case: rng.chance(0.5),
            headline_suffix: if rng.chance(0.15) {
                Some(format!("{} {}", rng.pick(&[" |", " -", " —"]), name))
            } else {
                None
            },
            truncate: [0.1, 0.3, 0.6][rng.weighted(&[4, 4, 2])],
            intro: [0.0, 0.15, 0.5][rng.weighted(&[5, 3, 2])],
            headline_twice: rng.chance(0.2),
        };
        Outlet {
            id,
            lang,
            name,
            top_light,
            bottom_light,
            top_heavy,
            bottom_heavy,
            date_format: if rng.chance(0.8) {
                Some(rng.below(6) as u8)
            } else {
                None
            },
            reading_time: rng.chance(0.2),
            interstitial,
            interstitial_heavy,
            staff,
            share,
            prev_next,
            latest,
            related,
            most_read,
            crawl_block: rng.range(15, 250),
            style,
        }
    }

    /// Site `id` of the same newspaper chain as `self`: the chain's page
    /// template and house style under the site's own name, with its own
    /// staff.  Chains of local papers on one publishing system are how one
    /// wire story reaches hundreds of sites.
    pub fn sibling(&self, seed: u64, id: u32) -> Outlet {
        let mut rng = Rng::derive(&[seed, 0x0072, u64::from(id)]);
        let place = place_name(&mut rng);
        let name = if rng.chance(0.6) {
            format!("The {} {}", place, rng.pick(EN_PAPER))
        } else {
            format!("{} {}", place, rng.pick(EN_SITE))
        };
        let (old, old_handle) = (self.name.as_str(), handle_of(&self.name, self.id));
        let handle = handle_of(&name, id);
        let rename = |s: &String| s.replace(old, &name).replace(&old_handle, &handle);
        let v = vocab();
        let staff = (0..rng.range(2, 8))
            .map(|_| format!("{} {}", rng.pick(&v.first_names), surname(&mut rng)))
            .collect();
        let mut style = self.style.clone();
        style.headline_suffix = style.headline_suffix.as_ref().map(rename);
        Outlet {
            id,
            name: name.clone(),
            top_light: self.top_light.iter().map(rename).collect(),
            bottom_light: self.bottom_light.iter().map(rename).collect(),
            top_heavy: self.top_heavy.iter().map(rename).collect(),
            bottom_heavy: self.bottom_heavy.iter().map(rename).collect(),
            staff,
            style,
            ..self.clone()
        }
    }
}
