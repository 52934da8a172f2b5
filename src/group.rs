//! Grouping verified links into groups of copies, without chaining and without
//! splitting star-shaped groups.
//!
//! The input is plain data: the distinct contents (*units*; exact copies share
//! one), each with a rank (see [`links`](crate::links)) and a number of
//! documents, and the accepted links between them with their scores. Connected
//! components of the links chain: one wrong link — two stories sharing a
//! template, a digest page quoting two wire stories — joins two groups.
//! [`Grouping::Centers`], the default, builds each group around a center
//! instead, in two passes over each component in rank order (largest contents
//! first):
//!
//! 1. **Cores.** A unit joins the core, among those of the units it links to,
//!    whose center it is a near copy of (each holds at least [`NEAR_COPY`] of
//!    the other; the most similar center), or else starts a core of its own.
//!    Every core member is verified against its center directly.
//! 2. **Stars.** A core whose center is mostly contained in the center of an
//!    earlier core (containment at least [`Config::containment`], the pair
//!    accepted) joins that core's group: cut copies, abridged versions and
//!    excerpts — which match the source but not each other — join the source.
//!    A core of two or more documents is a story printed on its own; it joins
//!    only if a sample of its members is also contained in the center, and only
//!    if that center does not also carry another story — such a core, or its
//!    own core's text — disjoint from it (sharing less than [`DISJOINT`]): a digest or
//!    roundup page that carries two stories can join the group of the story it
//!    mostly is, but it can neither merge two stories nor pull one away from
//!    its group. Groups are one level deep: a core that others joined joins
//!    nobody.
//!
//! **Pages of several stories.** The links cannot tell a roundup from a long
//! story with excerpts of it taken elsewhere: both contain several smaller
//! texts. The page itself can: preparation counts the stories it carries
//! (sections under their own headlines that name different people and places;
//! see `sections`, and DESIGN.md), and grouping reads that count. Such a page
//! is never a center that others join — in pass 1 only another printing of it
//! joins its core, and no core joins its group as a star or by support — so a
//! digest that quotes a brief whole does not pull the brief's copies away. It
//! joins at most one group itself, and only one whose center holds at least
//! [`NEAR_COPY`] of it (the story it mostly is); left alone, it tries once
//! more after every other core is placed. Its links are left out of the dense
//! merge, so it can neither merge nor split groups. A long story with
//! crossheads names the same people throughout and is one story; its excerpt
//! star stays whole.
//!
//! Every member is at most two verified steps from its representative (member →
//! core center → group center), and the work per unit is bounded by the links
//! it has and a fixed number of on-demand verifications. The result depends
//! only on the units, their ranks and the links, so it is the same for any
//! insertion order, thread count or shard split.
//!
//! [`Config::containment`]: crate::Config::containment

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cluster::Scores;
use crate::config::Config;
use crate::util::union_find::UnionFind;

/// How verified links become groups.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// Connected components of the verified links (union-find): any chain of
    /// links joins its documents. The representative is the largest member.
    Components,
    /// Stars around centers, in two passes (see the [module docs](self)): near
    /// copies form cores around their largest member, and cut copies and
    /// excerpts join the core of the text they are contained in, unless that
    /// text carries two stories printed on their own. Read as `"supported"`
    /// too, the name of the rule it replaces.
    #[default]
    #[serde(alias = "supported")]
    Centers,
}

/// One member of a [`Group`], with its evidence against the representative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// The document's id.
    pub id: String,
    /// The member (`a`) compared with the representative (`b`):
    /// `containment_ab` is the share of the member found in the
    /// representative. All ones for the representative itself and its exact
    /// copies.
    pub scores: Scores,
}

/// A group of documents that are copies of one text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The id of the representative: the group's center, its most complete
    /// version (the largest; of exact copies, the smallest id).
    pub representative: String,
    /// Every member, the representative included, sorted by id, each with its
    /// scores against the representative.
    pub members: Vec<Member>,
}

impl Group {
    /// The members' ids, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.members.iter().map(|m| m.id.as_str())
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the group has no members (never true of a group the detector
    /// returns).
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

/// A pair of documents with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// One document's id.
    pub a: String,
    /// The other document's id.
    pub b: String,
    /// The evidence; `containment_ab` is the share of `a` found in `b`.
    pub scores: Scores,
}

/// A group from its units, center first: the center's smallest id is the
/// representative, and every document of every unit is a member with its
/// unit's scores against the center, members sorted by id. `ids(u)` are the
/// sorted ids of unit `u`; `score(u, center)` its scores against the center.
pub(crate) fn assemble<'a>(
    units: &[u32],
    ids: impl Fn(u32) -> &'a [String],
    score: impl Fn(u32, u32) -> Scores,
) -> Group {
    let rep = units[0];
    let mut members: Vec<Member> = units
        .iter()
        .flat_map(|&u| {
            let scores = score(u, rep);
            ids(u).iter().map(move |id| Member {
                id: id.clone(),
                scores,
            })
        })
        .collect();
    members.sort_unstable_by(|x, y| x.id.cmp(&y.id));
    Group {
        representative: ids(rep)[0].clone(),
        members,
    }
}

/// Most candidate centers or roots a unit is verified against.
const MAX_CANDIDATES: usize = 16;

/// Most stories considered when deciding whether a center carries several.
const MAX_STORIES: usize = 8;

/// Largest share of one text found in another for the two to count as
/// different stories when a page carries both. Copies of one story, even
/// noisy or cut differently, share more; the stories of a digest page share
/// names and figures at most.
pub const DISJOINT: f64 = 0.2;

/// Fewest members of one group a lone unit must have accepted links with to
/// join it without matching its center: one link could be a wrong one.
const MIN_SUPPORT: usize = 2;

/// Links across per unit of the smaller group for [`Grouping::Centers`] to
/// consider merging two groups that noise split.
pub const MERGE_LINKS: f64 = 0.5;

/// Share of the pairs between two groups' first units that must be accepted
/// for [`Grouping::Centers`] to merge them: noisy copies of one story match
/// each other often; reports of one formula, which share wording but not
/// figures, rarely.
pub const MERGE_DENSITY: f64 = 0.3;

/// Units of each group whose pairs decide a merge.
const MERGE_SAMPLE: usize = 4;

/// Members of a group verified on demand for a unit that has one accepted
/// link into it.
const SUPPORT_PROBE: usize = 8;

/// Members of a core checked against a center it would join.
const SUPPORT_SAMPLE: usize = 3;

/// Share of each text that a near copy holds of the other. At two thirds, a
/// page that is two stories in equal parts is a near copy of neither, and
/// near copies have a Jaccard similarity of at least one half.
pub const NEAR_COPY: f64 = 2.0 / 3.0;

const NONE: u32 = u32::MAX;

/// What grouping reads: one entry per unit number.
pub(crate) struct Units<'a> {
    /// Rank of each unit, lower first; `u32::MAX` for a number without a unit.
    pub(crate) rank: &'a [u32],
    /// Number of documents of each unit (its exact copies).
    pub(crate) docs: &'a [u32],
    /// Whether each unit's page carries several stories (a roundup; see
    /// `sections`).
    pub(crate) several: &'a [bool],
}

/// Groups units. `links` are the accepted links `(a, b, scores)` with `a < b`
/// and the scores oriented from `a` to `b`; `verify(a, b)` gives the scores of
/// a pair oriented from `a` to `b` if the pair is accepted (used for pairs that
/// are not links), and `overlap(a, b)` the larger containment of a pair,
/// accepted or not, and whether their figures disagree (a number overlap below
/// the configuration's minimum). Returns each group of two or more documents as its center
/// followed by its other units, in no particular order.
pub(crate) fn group_units(
    grouping: Grouping,
    units: &Units,
    links: &[(u32, u32, Scores)],
    config: &Config,
    verify: &(dyn Fn(u32, u32) -> Option<Scores> + Sync),
    overlap: &(dyn Fn(u32, u32) -> (f64, bool) + Sync),
) -> Vec<Vec<u32>> {
    let n = units.rank.len();
    let graph = Graph::new(n, links);
    let mut uf = UnionFind::new(n);
    for &(a, b, _) in links {
        uf.union(a, b);
    }
    // Components as lists of units in rank order; `local[u]` is u's position
    // in its component.
    let mut by_root: Vec<(u32, u32, u32)> = (0..n as u32)
        .filter(|&u| graph.degree(u) > 0 || units.docs[u as usize] >= 2)
        .map(|u| (uf.find(u), units.rank[u as usize], u))
        .collect();
    drop(uf);
    by_root.par_sort_unstable();
    let mut local = vec![NONE; n];
    let mut components: Vec<Vec<u32>> = Vec::new();
    for (i, &(root, _, u)) in by_root.iter().enumerate() {
        if i == 0 || by_root[i - 1].0 != root {
            components.push(Vec::new());
        }
        let c = components.last_mut().expect("pushed");
        local[u as usize] = c.len() as u32;
        c.push(u);
    }
    drop(by_root);
    components.sort_by_key(|c| std::cmp::Reverse(c.len()));
    let ctx = Context {
        graph: &graph,
        local: &local,
        units,
        config,
        verify,
        overlap,
    };
    components
        .par_iter()
        .flat_map_iter(|comp| match grouping {
            Grouping::Components => vec![comp.clone()],
            Grouping::Centers => ctx.centers(comp),
        })
        .filter(|g| {
            g.iter()
                .map(|&u| units.docs[u as usize] as u64)
                .sum::<u64>()
                >= 2
        })
        .collect()
}

/// Adjacency lists of the accepted links.
struct Graph<'a> {
    start: Vec<u32>,
    /// `(neighbour, link index)`, per unit.
    adj: Vec<(u32, u32)>,
    links: &'a [(u32, u32, Scores)],
}

impl<'a> Graph<'a> {
    fn new(n: usize, links: &'a [(u32, u32, Scores)]) -> Graph<'a> {
        let mut start = vec![0u32; n + 1];
        for &(a, b, _) in links {
            start[a as usize + 1] += 1;
            start[b as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut adj = vec![(0u32, 0u32); 2 * links.len()];
        for (i, &(a, b, _)) in links.iter().enumerate() {
            adj[fill[a as usize] as usize] = (b, i as u32);
            fill[a as usize] += 1;
            adj[fill[b as usize] as usize] = (a, i as u32);
            fill[b as usize] += 1;
        }
        Graph { start, adj, links }
    }

    fn degree(&self, u: u32) -> u32 {
        self.start[u as usize + 1] - self.start[u as usize]
    }

    fn neighbours(&self, u: u32) -> &[(u32, u32)] {
        &self.adj[self.start[u as usize] as usize..self.start[u as usize + 1] as usize]
    }

    /// The scores of link `i` oriented from `u`.
    fn oriented(&self, i: u32, u: u32) -> Scores {
        let (a, _, s) = self.links[i as usize];
        if a == u {
            s
        } else {
            s.swapped()
        }
    }

    /// The scores of the link between `u` and `v`, oriented from `u`, if
    /// there is one. Searches the shorter of the two lists.
    fn link(&self, u: u32, v: u32) -> Option<Scores> {
        let (x, y) = if self.degree(u) <= self.degree(v) {
            (u, v)
        } else {
            (v, u)
        };
        let &(_, i) = self.neighbours(x).iter().find(|&&(w, _)| w == y)?;
        Some(self.oriented(i, u))
    }
}

/// The state of pass 2 of one component.
struct Pass2<'a> {
    comp: &'a [u32],
    core: &'a [u32],
    members: &'a [Vec<u32>],
    docs: &'a [u64],
    /// The root of each core's group, once placed.
    root: &'a mut [u32],
    /// The units placed in each group so far, by its root, in the order they
    /// came.
    placed: &'a mut [Vec<u32>],
    /// Whether each root carries several stories, once asked.
    multi: &'a mut [Option<bool>],
}

struct Context<'a> {
    graph: &'a Graph<'a>,
    local: &'a [u32],
    units: &'a Units<'a>,
    config: &'a Config,
    verify: &'a (dyn Fn(u32, u32) -> Option<Scores> + Sync),
    overlap: &'a (dyn Fn(u32, u32) -> (f64, bool) + Sync),
}

impl Context<'_> {
    /// Whether unit `u`'s page carries several stories.
    fn page_several(&self, u: u32) -> bool {
        self.units.several[u as usize]
    }

    /// Accepted scores of `u` against `v`, oriented from `u`: the link's, or
    /// verified now.
    fn scores(&self, u: u32, v: u32) -> Option<Scores> {
        self.graph.link(u, v).or_else(|| (self.verify)(u, v))
    }

    /// Whether `s` (oriented from the smaller text) says it is mostly in the
    /// other.
    fn contained(&self, s: &Scores) -> bool {
        s.containment_ab >= self.config.containment
    }

    /// The groups of one component, `comp` in rank order.
    fn centers(&self, comp: &[u32]) -> Vec<Vec<u32>> {
        let m = comp.len();
        let local = |u: u32| self.local[u as usize] as usize;
        // Pass 1: cores of near copies.
        let mut core = vec![NONE; m];
        let mut cands: Vec<u32> = Vec::new();
        for i in 0..m {
            let u = comp[i];
            cands.clear();
            cands.extend(
                self.graph
                    .neighbours(u)
                    .iter()
                    .map(|&(v, _)| local(v))
                    .filter(|&j| j < i)
                    .map(|j| core[j]),
            );
            cands.sort_unstable();
            cands.dedup();
            // Only another printing of a roundup joins the roundup's core.
            if !self.page_several(u) {
                cands.retain(|&c| !self.page_several(comp[c as usize]));
            }
            cands.truncate(MAX_CANDIDATES);
            let mut best: Option<(f64, u32)> = None;
            for &c in &cands {
                let Some(s) = self.scores(u, comp[c as usize]) else {
                    continue;
                };
                let near = s.containment_ab.min(s.containment_ba) >= NEAR_COPY;
                if near && best.is_none_or(|(j, _)| s.jaccard > j) {
                    best = Some((s.jaccard, c));
                }
            }
            core[i] = best.map_or(i as u32, |(_, c)| c);
        }
        // Members of each core, in rank order, and its documents.
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); m];
        let mut docs = vec![0u64; m];
        for i in 0..m {
            let c = core[i] as usize;
            members[c].push(i as u32);
            docs[c] += u64::from(self.units.docs[comp[i] as usize]);
        }
        // Pass 2: cores join the group of a core whose center contains them.
        let mut root = vec![NONE; m];
        // The units placed in each group so far, by its root.
        let mut placed: Vec<Vec<u32>> = vec![Vec::new(); m];
        let mut multi: Vec<Option<bool>> = vec![None; m];
        let mut pass = Pass2 {
            comp,
            core: &core,
            members: &members,
            docs: &docs,
            root: &mut root,
            placed: &mut placed,
            multi: &mut multi,
        };
        for c in 0..m {
            if core[c] == c as u32 {
                let r = self.attach(&mut pass, c, |j| j < c, |_| true);
                pass.root[c] = r;
                pass.placed[r as usize].extend_from_slice(&members[c]);
            }
        }
        // A core left alone may link only to units placed after it (a page
        // larger than every copy it matches): it tries again, now that every
        // group is known, to join a group of two or more cores.
        let alone: Vec<bool> = (0..m)
            .map(|c| core[c] == c as u32 && pass.placed[c].len() == members[c].len())
            .collect();
        for c in (0..m).filter(|&c| !self.page_several(comp[c])) {
            if alone[c] {
                let r = self.attach(
                    &mut pass,
                    c,
                    |j| core[j] != c as u32,
                    |p| !alone[p as usize],
                );
                if r != c as u32 {
                    pass.root[c] = r;
                    pass.placed[r as usize].extend_from_slice(&members[c]);
                }
            }
        }
        // A roundup left alone joins the story it mostly is, once every
        // group is final: it is never a center others join, so it may be the
        // largest printing of a story whose copies formed a group without it.
        for c in (0..m).filter(|&c| self.page_several(comp[c])) {
            if alone[c] {
                let r = self.attach(&mut pass, c, |j| core[j] != c as u32, |_| true);
                if r != c as u32 {
                    pass.root[c] = r;
                    pass.placed[r as usize].extend_from_slice(&members[c]);
                }
            }
        }
        let merged = self.merge_dense(&mut pass);
        let mut groups: Vec<Vec<u32>> = vec![Vec::new(); m];
        for c in 0..m {
            if core[c] == c as u32 {
                let r = merged[root[c] as usize] as usize;
                groups[r].extend(members[c].iter().map(|&i| comp[i as usize]));
            }
        }
        groups
            .into_iter()
            .enumerate()
            .filter(|(_, g)| !g.is_empty())
            .map(|(r, mut g)| {
                // The center first.
                let pos = g.iter().position(|&u| u == comp[r]).expect("center");
                g.swap(0, pos);
                g
            })
            .collect()
    }

    /// The root of the group that core `c` joins (pass 2), or `c` itself: the
    /// best group whose center mostly contains `c`'s center, else one its
    /// members are linked into often enough (see `supported_root`). Only the
    /// groups of units `j` with `unit(j)` and roots with `root(p)` are
    /// considered.
    fn attach(
        &self,
        pass: &mut Pass2,
        c: usize,
        unit: impl Fn(usize) -> bool,
        root_ok: impl Fn(u32) -> bool,
    ) -> u32 {
        let Pass2 {
            comp,
            core,
            members,
            docs,
            ..
        } = *pass;
        let local = |u: u32| self.local[u as usize] as usize;
        let u = comp[c];
        // The groups any member of the core links to: a cut copy's links may
        // all go to other cut copies, one of them to the full text.
        let mut cands: Vec<u32> = members[c]
            .iter()
            .flat_map(|&i| self.graph.neighbours(comp[i as usize]))
            .map(|&(v, _)| local(v))
            .filter(|&j| unit(j) && pass.root[core[j] as usize] != NONE)
            .map(|j| pass.root[core[j] as usize])
            .filter(|&p| p != c as u32 && root_ok(p) && !self.page_several(comp[p as usize]))
            .collect();
        cands.sort_unstable();
        cands.dedup();
        cands.truncate(MAX_CANDIDATES);
        let mut best: Option<(f64, u32)> = None;
        for &p in &cands {
            let Some(s) = self.scores(u, comp[p as usize]) else {
                continue;
            };
            // A roundup joins only a story it is mostly: a near copy's share.
            let inside = if self.page_several(u) {
                s.containment_ab >= NEAR_COPY
            } else {
                self.contained(&s)
            };
            if !inside || best.is_some_and(|(x, _)| s.containment_ab <= x) {
                continue;
            }
            if docs[c] >= 2 && (self.several(pass, p) || !self.supported(comp, &members[c], p)) {
                continue;
            }
            best = Some((s.containment_ab, p));
        }
        if let Some((_, p)) = best {
            return p;
        }
        // A roundup joins only the story it mostly is, found above.
        if self.page_several(u) {
            return c as u32;
        }
        let p = self.supported_root(pass, &members[c], &unit, &root_ok);
        let lone = members[c].len() == 1 && docs[c] == 1;
        if p == c as u32 || lone || !self.several(pass, p) {
            p
        } else {
            c as u32
        }
    }

    /// Groups of one story that noise split: two groups are merged when
    /// their units share accepted links through at least [`MIN_SUPPORT`]
    /// units on each side, at least [`MERGE_LINKS`] links per unit of the
    /// smaller group, their centers share at least [`DISJOINT`] of their text,
    /// at least [`MERGE_DENSITY`] of the pairs of their first units are
    /// accepted, and neither carries several stories (by its links, only when
    /// the two centers are not copies by Jaccard similarity with figures
    /// that agree). A group that absorbed another is
    /// not absorbed in turn, so merges do not chain. Returns, for each root,
    /// the root of its merged group (the one ranked first).
    fn merge_dense(&self, pass: &mut Pass2) -> Vec<u32> {
        let m = pass.comp.len();
        let group = |i: usize| pass.root[pass.core[i] as usize];
        // (group a, group b, unit in a, unit in b) for each link across.
        let mut across: Vec<(u32, u32, u32, u32)> = Vec::new();
        for i in 0..m {
            // A roundup's links say nothing about its stories being one.
            if self.page_several(pass.comp[i]) {
                continue;
            }
            for &(v, _) in self.graph.neighbours(pass.comp[i]) {
                if self.page_several(v) {
                    continue;
                }
                let j = self.local[v as usize] as usize;
                let (ga, gb) = (group(i), group(j));
                if ga < gb {
                    across.push((ga, gb, i as u32, j as u32));
                }
            }
        }
        let mut size = vec![0usize; m];
        for i in 0..m {
            size[group(i) as usize] += 1;
        }
        across.sort_unstable();
        let mut merges: Vec<(u32, u32, usize)> = Vec::new();
        for run in across.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            let (ga, gb) = (run[0].0, run[0].1);
            let mut side_a: Vec<u32> = run.iter().map(|x| x.2).collect();
            let mut side_b: Vec<u32> = run.iter().map(|x| x.3).collect();
            side_a.sort_unstable();
            side_a.dedup();
            side_b.sort_unstable();
            side_b.dedup();
            let smaller = size[ga as usize].min(size[gb as usize]) as f64;
            if side_a.len() >= MIN_SUPPORT
                && side_b.len() >= MIN_SUPPORT
                && run.len() as f64 >= MERGE_LINKS * smaller
            {
                merges.push((ga, gb, run.len()));
            }
        }
        // Strongest first; a group absorbs others or is absorbed, once, by a
        // group whose center shares text with its own: merging never chains.
        merges.sort_unstable_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
        let mut merged: Vec<u32> = (0..m as u32).collect();
        let mut absorbed = vec![false; m];
        for (ga, gb, _) in merges {
            let (a, b) = (ga as usize, gb as usize);
            if merged[a] != ga || merged[b] != gb || absorbed[b] {
                continue;
            }
            // Two centers that are copies of one text by Jaccard similarity
            // (together they are at least half one text) with figures that
            // agree are one story whatever else their links show: the
            // disjoint cores inside one of them are excerpts of that story
            // (a long story's parts, a table's rows), not a roundup's other
            // stories. A page that says it carries several stories still
            // merges nothing.
            let (x, y) = (pass.comp[a], pass.comp[b]);
            let copies = !self.page_several(x)
                && !self.page_several(y)
                && !(self.overlap)(x, y).1
                && self
                    .scores(x, y)
                    .is_some_and(|s| s.jaccard >= self.config.threshold);
            if (self.overlap)(x, y).0 < DISJOINT
                || (!copies && (self.several(pass, ga) || self.several(pass, gb)))
                || !self.dense(pass, a, b)
            {
                continue;
            }
            merged[b] = ga;
            absorbed[a] = true;
        }
        merged
    }

    /// Whether at least [`MERGE_DENSITY`] of the pairs between the first
    /// [`MERGE_SAMPLE`] units placed in groups `a` and `b` (their centers and
    /// the units nearest them) are accepted, through at least two units of
    /// each group that has two.
    fn dense(&self, pass: &Pass2, a: usize, b: usize) -> bool {
        let xs = &pass.placed[a][..pass.placed[a].len().min(MERGE_SAMPLE)];
        let ys = &pass.placed[b][..pass.placed[b].len().min(MERGE_SAMPLE)];
        let (mut hit_x, mut hit_y) = (vec![false; xs.len()], vec![false; ys.len()]);
        let mut accepted = 0usize;
        for (i, &x) in xs.iter().enumerate() {
            for (j, &y) in ys.iter().enumerate() {
                if self
                    .scores(pass.comp[x as usize], pass.comp[y as usize])
                    .is_some()
                {
                    accepted += 1;
                    hit_x[i] = true;
                    hit_y[j] = true;
                }
            }
        }
        let through = |hits: &[bool]| hits.iter().filter(|&&h| h).count() >= hits.len().min(2);
        accepted as f64 >= MERGE_DENSITY * (xs.len() * ys.len()) as f64
            && through(&hit_x)
            && through(&hit_y)
    }

    /// [`carries_several`](Context::carries_several) of root `p`, computed
    /// once.
    fn several(&self, pass: &mut Pass2, p: u32) -> bool {
        if let Some(v) = pass.multi[p as usize] {
            return v;
        }
        if self.page_several(pass.comp[p as usize]) {
            pass.multi[p as usize] = Some(true);
            return true;
        }
        let v = self.carries_several(
            pass.comp,
            pass.core,
            pass.docs,
            &pass.members[p as usize],
            p,
        );
        pass.multi[p as usize] = Some(v);
        v
    }

    /// Whether the center `p` contains two stories printed on their own that
    /// are disjoint (neither holds [`DISJOINT`] of the other): two cores of two or more documents whose
    /// centers are mostly contained in it, or one such core and `p`'s own
    /// (`own`, center first), represented by its first member after the center.
    fn carries_several(
        &self,
        comp: &[u32],
        core: &[u32],
        docs: &[u64],
        own: &[u32],
        p: u32,
    ) -> bool {
        let local = |u: u32| self.local[u as usize] as usize;
        let mut stories: Vec<u32> = self
            .graph
            .neighbours(comp[p as usize])
            .iter()
            .map(|&(v, _)| core[local(v)])
            .filter(|&c| c != core[p as usize] && docs[c as usize] >= 2)
            .collect();
        stories.sort_unstable();
        stories.dedup();
        stories.retain(|&c| {
            self.scores(comp[c as usize], comp[p as usize])
                .is_some_and(|s| self.contained(&s))
        });
        stories.truncate(MAX_STORIES);
        if let Some(&mine) = own.get(1) {
            stories.insert(0, mine);
        }
        for (i, &x) in stories.iter().enumerate() {
            for &y in &stories[i + 1..] {
                if (self.overlap)(comp[x as usize], comp[y as usize]).0 < DISJOINT {
                    return true;
                }
            }
        }
        false
    }

    /// The group a core (`members`, center first) joins when no center
    /// contains it: the one holding the most of the distinct units its members
    /// have accepted links with, if its center is accepted with at least
    /// [`MIN_SUPPORT`] members of it, counting those links and up to
    /// [`SUPPORT_PROBE`] of the group's first members verified now (noisy
    /// copies match several members of their story, each a little). Else the
    /// core's own center.
    fn supported_root(
        &self,
        pass: &Pass2,
        members: &[u32],
        unit: &impl Fn(usize) -> bool,
        root_ok: &impl Fn(u32) -> bool,
    ) -> u32 {
        let (comp, core) = (pass.comp, pass.core);
        let c = members[0] as usize;
        let mut linked: Vec<usize> = members
            .iter()
            .flat_map(|&i| self.graph.neighbours(comp[i as usize]))
            .map(|&(v, _)| self.local[v as usize] as usize)
            .filter(|&j| unit(j) && pass.root[core[j] as usize] != NONE)
            .collect();
        linked.sort_unstable();
        linked.dedup();
        let mut votes: Vec<u32> = linked
            .iter()
            .map(|&j| pass.root[core[j] as usize])
            .filter(|&p| p != c as u32 && root_ok(p) && !self.page_several(comp[p as usize]))
            .collect();
        votes.sort_unstable();
        let mut best = (0usize, c as u32);
        for run in votes.chunk_by(|a, b| a == b) {
            if run.len() > best.0 {
                best = (run.len(), run[0]);
            }
        }
        if best.0 == 0 {
            return c as u32;
        }
        // One link is not enough; a few more members of that group, the first
        // placed (its center and near copies first), are verified now.
        let (mut support, p) = best;
        'probe: for &i in pass.placed[p as usize].iter().take(SUPPORT_PROBE) {
            if linked.binary_search(&(i as usize)).is_ok() {
                continue;
            }
            for &x in members.iter().take(SUPPORT_SAMPLE) {
                if support >= MIN_SUPPORT {
                    break 'probe;
                }
                if self.scores(comp[x as usize], comp[i as usize]).is_some() {
                    support += 1;
                    break;
                }
            }
        }
        // Support never overrides the figures: a core whose center's figures
        // disagree with the group center's stays out (formulaic reports).
        if support >= MIN_SUPPORT && !(self.overlap)(comp[c], comp[p as usize]).1 {
            p
        } else {
            c as u32
        }
    }

    /// Whether a sample of a core's members besides its center (`members[0]`)
    /// is mostly contained in the center `p` too: at least half of them.
    fn supported(&self, comp: &[u32], members: &[u32], p: u32) -> bool {
        let sample = &members[1..members.len().min(SUPPORT_SAMPLE + 1)];
        let agree = sample
            .iter()
            .filter(|&&i| {
                self.scores(comp[i as usize], comp[p as usize])
                    .is_some_and(|s| self.contained(&s))
            })
            .count();
        2 * agree >= sample.len()
    }
}

#[cfg(test)]
mod tests {
    use crate::sections::tests::{roundup, BRIEFS, LONG, TITLES};
    use crate::Detector;

    /// A page of an outlet: its name and headline, then paragraphs.
    fn page(outlet: &str, headline: &str, paras: &[&str]) -> String {
        format!(
            "The {outlet} Courier\n\n{headline}\n\n{}\n\nFollow the {outlet} Courier\n",
            paras.join("\n\n")
        )
    }

    fn groups(det: &Detector) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = det
            .groups()
            .iter()
            .map(|g| g.ids().map(String::from).collect())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_roundup_quoting_a_brief_whole_does_not_pull_its_copies() {
        let mut det = Detector::new(crate::Config::default()).unwrap();
        for outlet in ["Ashby", "Brill", "Corfe"] {
            det.insert(
                &format!("brief-{outlet}"),
                &page(outlet, TITLES[0], &BRIEFS[0]),
            )
            .unwrap();
        }
        // The roundup holds the brief whole and two other stories printed
        // nowhere else: it is the largest page, and the brief's copies are
        // contained in it.
        det.insert("roundup", &roundup()).unwrap();
        assert!(
            det.compare("brief-Ashby", "roundup")
                .unwrap()
                .containment_ab
                > 0.9
        );
        assert_eq!(
            groups(&det),
            [["brief-Ashby", "brief-Brill", "brief-Corfe"]]
        );
    }

    #[test]
    fn a_cut_copy_printed_twice_merges_with_its_story_despite_excerpts_of_it() {
        let mut det = Detector::new(crate::Config::default()).unwrap();
        let headline = "Harlow to close Benmouth terminal";
        // The story whole, and a near copy of it.
        det.insert("whole-1", &page("Ashby", headline, &LONG))
            .unwrap();
        det.insert("whole-2", &page("Dunmore", headline, &LONG[..11]))
            .unwrap();
        // Its first seven paragraphs, and the same without the lede: more
        // than half of the story, not a near copy of it.
        for (id, outlet, parts) in [("cut-1", "Brill", 0..7), ("cut-2", "Corfe", 1..7)] {
            det.insert(id, &page(outlet, headline, &LONG[parts]))
                .unwrap();
        }
        // Two excerpts of its end, each printed twice, that share nothing:
        // by the links alone the story's page holds two stories.
        for (id, outlet, parts) in [
            ("ex-a1", "Elham", 7..9),
            ("ex-a2", "Fenby", 7..9),
            ("ex-b1", "Garth", 10..12),
            ("ex-b2", "Hulme", 10..12),
        ] {
            det.insert(id, &page(outlet, headline, &LONG[parts]))
                .unwrap();
        }
        let s = det.compare("cut-1", "whole-1").unwrap();
        assert!(s.jaccard >= 0.5 && s.containment_ba < super::NEAR_COPY);
        let groups = groups(&det);
        let whole = groups
            .iter()
            .find(|g| g.iter().any(|id| id == "whole-1"))
            .expect("a group");
        for id in ["whole-2", "cut-1", "cut-2"] {
            assert!(whole.iter().any(|m| m == id), "{id} not in {groups:?}");
        }
        // The two excerpts are not chained through the story into one
        // group of their own.
        assert!(!groups.iter().any(|g| g.iter().any(|m| m == "ex-a1")
            && g.iter().any(|m| m == "ex-b1")
            && !g.iter().any(|m| m == "whole-1")));
    }

    #[test]
    fn excerpts_of_a_long_story_with_crossheads_stay_one_group() {
        let mut det = Detector::new(crate::Config::default()).unwrap();
        let headline = "Harlow to close Benmouth terminal";
        det.insert("source", &page("Ashby", headline, &LONG))
            .unwrap();
        // Each takes other parts; none contains another.
        for (id, parts) in [("ex-1", 0..6), ("ex-2", 6..12)] {
            det.insert(id, &page("Brill", headline, &LONG[parts]))
                .unwrap();
        }
        assert_eq!(groups(&det), [["ex-1", "ex-2", "source"]]);
    }
}
