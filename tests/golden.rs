//! Golden vectors: the hashes that reach disk, pinned.
//!
//! Index files store each document's token ids and block keys, and rebuild
//! shingle ids, signatures and band keys from them; all are compared with those
//! of documents indexed months later, maybe on another machine or with another
//! build. If a hash-level vector here fails, every index file written before the
//! change would silently stop matching new documents. DESIGN.md specifies each
//! value pinned here. The seed vectors pin the whole default pipeline, boilerplate
//! removal included.

use reprint::{
    index_file, normalize, shingles, Config, Detector, LshIndex, LshParams, MinHasher, Scheme,
    Shingling, Signature,
};
use xxhash_rust::xxh3::xxh3_64;

mod common;

/// What breaks when a pinned value changes.
#[derive(Clone, Copy)]
enum Breaks {
    /// A hash whose values are stored in index files.
    StoredIndexes,
    /// The processing of a text before hashing: stored indexes still load and
    /// work, but documents indexed before and after the change are cleaned or
    /// tokenized differently and may stop matching each other.
    OldVersusNewDocuments,
}

/// Fails with a message that says what breaks and what to do.
#[track_caller]
fn pinned<T: PartialEq + std::fmt::Debug>(breaks: Breaks, what: &str, got: T, want: T) {
    if got == want {
        return;
    }
    let consequence = match breaks {
        Breaks::StoredIndexes => {
            "This value is persisted in index files (token ids, block keys) or recomputed \
             from them and compared with new documents (shingle ids, signatures, band keys): \
             changing it breaks every stored index, whose documents would silently stop \
             matching new ones. If the change is intended, bump index_file::FORMAT_VERSION, \
             specify the new hashing in DESIGN.md, add a fixture of the new format under \
             tests/data/ and only then update this vector."
        }
        Breaks::OldVersusNewDocuments => {
            "The default pipeline (normalization, boilerplate removal, tokenization, \
             shingling, MinHash, banding) now treats this text differently. Index files \
             store each document's tokens, so they still load and answer as before, but a \
             document indexed after this change may not match its copy indexed before it. \
             If the change is intended, say so in the changelog (users should rebuild long-lived \
             indexes), check that a hash-level vector did not change too, and update this vector."
        }
    };
    panic!("{what} changed\n   got: {got:x?}\npinned: {want:x?}\n\n{consequence}");
}

/// XXH3-64 of the little-endian bytes of 32-bit values.
fn digest32(values: &[u32]) -> u64 {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    xxh3_64(&bytes)
}

/// XXH3-64 of the little-endian bytes of 64-bit values.
fn digest64(values: &[u64]) -> u64 {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    xxh3_64(&bytes)
}

/// What the default pipeline makes of one seed article.
#[derive(Debug)]
struct SeedVector {
    name: &'static str,
    /// XXH3-64 of the signature's values as little-endian bytes.
    signature: u64,
    first_values: [u32; 8],
    /// XXH3-64 of the band keys as little-endian bytes.
    band_keys: u64,
    first_keys: [u64; 3],
    /// The signature with boilerplate removal and template learning off, which
    /// isolates normalization, tokenization and hashing.
    raw_signature: u64,
    /// The classic scheme's signature.
    classic: u64,
    /// Distinct shingle ids of the whole normalized text, and their digest.
    shingles: usize,
    shingle_digest: u64,
}

const SEEDS: [SeedVector; 5] = [
    SeedVector {
        name: "000",
        signature: 0x24af612ef9ff0a12,
        first_values: [
            0xda6d6bf8, 0xddfae06, 0x30266801, 0xeccd11a, 0xf9cd3a4, 0xbbeae8c8, 0x81936d2,
            0x299a915,
        ],
        band_keys: 0xf336093e32c31a5,
        first_keys: [0xc2d9fe01ca567e13, 0xad8e83c48d0daa3b, 0x506a6e99a5671f2e],
        raw_signature: 0xf542319d0d5be1bc,
        classic: 0x32820682040f734,
        shingles: 1037,
        shingle_digest: 0xa1f4b6fc4ee8e239,
    },
    SeedVector {
        name: "001",
        signature: 0x9030373458200358,
        first_values: [
            0x226fb6b5, 0xedfd45ad, 0xcb788aae, 0x3b0f6f17, 0x1a47046c, 0x684a2da8, 0x19bb7fb7,
            0xc6a0beb,
        ],
        band_keys: 0xfb15487c8279e868,
        first_keys: [0x3f96a7ab410a23f1, 0xe3771ad67e263d10, 0x8bbbe9afb9c62901],
        raw_signature: 0xd10d5f9f5ca56895,
        classic: 0x8c82f85e46b647cc,
        shingles: 430,
        shingle_digest: 0x6f08fbec391198b5,
    },
    SeedVector {
        name: "002",
        signature: 0x6074623381dc7ba7,
        first_values: [
            0x147cf327, 0x16dcff8e, 0x5e96d177, 0xc4c801b, 0xe5ff46b3, 0x1ded80f5, 0x4a1336e3,
            0x72698b8f,
        ],
        band_keys: 0xfbb154986e3042cc,
        first_keys: [0xf6bc096ffb8477e5, 0xc6479946e6f82ba3, 0xdaa5917435f470ad],
        raw_signature: 0xea4a8928f13c7382,
        classic: 0x291cbee126947c89,
        shingles: 544,
        shingle_digest: 0xfdeb845efd87ae80,
    },
    SeedVector {
        name: "003",
        signature: 0x6a7147835f8c1fad,
        first_values: [
            0x48783c62, 0x2d3ccd25, 0x95a2d666, 0x5633e0c0, 0x1fedcf2f, 0x661991b, 0x6d946fb8,
            0x29cbdd6b,
        ],
        band_keys: 0xe869c59d78dff6bc,
        first_keys: [0xfba21156b5a1f9f5, 0xf4ee8ce594b9c910, 0x91c165f8579ebd01],
        raw_signature: 0x755e3b6b7047956d,
        classic: 0xda0361be627852c1,
        shingles: 420,
        shingle_digest: 0x9fb1af2e245e583f,
    },
    SeedVector {
        name: "004",
        signature: 0xc1fa9b49f16ff2b5,
        first_values: [
            0x147cf327, 0x16dcff8e, 0x5e96d177, 0xc4c801b, 0xe5ff46b3, 0x1ded80f5, 0x4a1336e3,
            0x72698b8f,
        ],
        band_keys: 0x9170bb4bffb589e1,
        first_keys: [0xf6bc096ffb8477e5, 0xc6479946e6f82ba3, 0xdaa5917435f470ad],
        raw_signature: 0xe2a81d881e5c01f0,
        classic: 0xa463a75794f16496,
        shingles: 367,
        shingle_digest: 0x72e919e0706fcb26,
    },
];

#[test]
fn default_config_banding_and_fingerprint() {
    use Breaks::OldVersusNewDocuments as Pipeline;
    let det = Detector::builder().build().unwrap();
    pinned(
        Pipeline,
        "default LSH banding",
        det.lsh_params(),
        LshParams { bands: 28, rows: 2 },
    );
    pinned(
        Pipeline,
        "default config fingerprint",
        Config::default().fingerprint(),
        0xc0a8_abcb_ca62_0d3d,
    );
    pinned(
        Breaks::StoredIndexes,
        "index format version",
        index_file::FORMAT_VERSION,
        4,
    );
}

#[test]
fn seed_signatures_band_keys_and_shingles() {
    use Breaks::OldVersusNewDocuments as Pipeline;
    let det = Detector::builder().build().unwrap();
    let raw = Detector::builder()
        .boilerplate(false)
        .template_min_docs(0)
        .build()
        .unwrap();
    let classic = Detector::builder().scheme(Scheme::Classic).build().unwrap();
    let lsh = LshIndex::new(det.lsh_params(), det.config().seed);
    let docs = common::seed_docs();
    assert_eq!(docs.len(), SEEDS.len());
    for ((name, text), want) in docs.iter().zip(&SEEDS) {
        assert_eq!(name, want.name);
        let sig = det.signature_of(text).unwrap();
        assert_eq!(sig.len(), 128);
        let keys: Vec<u64> = lsh.band_keys(&sig).collect();
        assert_eq!(keys.len(), det.lsh_params().bands);
        // The shingling is spelled out so that these hash-level digests do not
        // move when the default shingle length does.
        let set = shingles(&normalize(text), Shingling::Auto { words: 4, chars: 5 }, 0);
        let got = SeedVector {
            name: want.name,
            signature: digest32(sig.values()),
            first_values: sig.values()[..8].try_into().unwrap(),
            band_keys: digest64(&keys),
            first_keys: keys[..3].try_into().unwrap(),
            raw_signature: digest32(raw.signature_of(text).unwrap().values()),
            classic: digest32(classic.signature_of(text).unwrap().values()),
            shingles: set.len(),
            shingle_digest: digest32(&set),
        };
        // On a failure, the whole vector for this seed, ready to paste.
        let what = |field: &str| format!("{field} of seed {name} (now: {got:#x?})");
        pinned(
            Breaks::StoredIndexes,
            &what("shingle ids"),
            got.shingle_digest,
            want.shingle_digest,
        );
        pinned(
            Pipeline,
            &what("shingle count"),
            got.shingles,
            want.shingles,
        );
        pinned(
            Pipeline,
            &what("signature without boilerplate removal"),
            got.raw_signature,
            want.raw_signature,
        );
        pinned(Pipeline, &what("signature"), got.signature, want.signature);
        pinned(
            Pipeline,
            &what("first signature values"),
            got.first_values,
            want.first_values,
        );
        pinned(
            Pipeline,
            &what("LSH band keys"),
            got.band_keys,
            want.band_keys,
        );
        pinned(
            Pipeline,
            &what("first LSH band keys"),
            got.first_keys,
            want.first_keys,
        );
        pinned(
            Pipeline,
            &what("classic-scheme signature"),
            got.classic,
            want.classic,
        );
    }
}

#[test]
fn shingle_ids_of_fixed_strings() {
    let cases: &[(&str, Shingling, u64, &[u32])] = &[
        (
            "the quick brown fox jumps",
            Shingling::Words(2),
            0,
            &[0x4b82_1468, 0x4f88_6a82, 0x82de_367c, 0xece9_0017],
        ),
        (
            "the quick brown fox jumps",
            Shingling::Words(3),
            7,
            &[0x4e83_605a, 0x7740_c83d, 0xda1b_5ca2],
        ),
        (
            "新华社北京电",
            Shingling::Chars(3),
            0,
            &[0x0440_4102, 0x2d06_6cb9, 0x52af_8152, 0xff8f_f113],
        ),
        (
            "بالشعب و للشعب",
            Shingling::Words(2),
            0,
            &[0x179d_8bcf, 0xdd7f_c720],
        ),
        // Fewer tokens than the shingle length: one shingle of them all.
        ("Assange", Shingling::Words(5), 0, &[0xc9db_8220]),
        // Abbreviations lose their full stops, numbers keep theirs.
        (
            "the U.S. dollar rose 3.5%",
            Shingling::Words(2),
            0,
            &[0x2059_8308, 0x3c11_9de8, 0xe60d_a611, 0xf4f9_d9f9],
        ),
    ];
    for (text, how, seed, want) in cases {
        pinned(
            Breaks::StoredIndexes,
            &format!("shingle ids of {text:?} ({how}, seed {seed})"),
            shingles(&normalize(text), *how, *seed),
            want.to_vec(),
        );
    }
}

#[test]
fn minhash_and_band_keys_of_fixed_inputs() {
    // Small vectors for anyone reimplementing DESIGN.md in another language.
    let cases: &[(Scheme, u64, &[u32], [u32; 8])] = &[
        (
            Scheme::OnePermutation,
            0,
            &[1, 2, 3],
            [
                3809749232, 269157861, 269157861, 975901834, 3809749232, 975901834, 975901834,
                3809749232,
            ],
        ),
        (
            Scheme::OnePermutation,
            9,
            &[0xdead_beef, 42],
            // Two of eight bins filled (2 and 3): bins 1 and 5 miss all their
            // L = 12 probes and take the value of the nearest filled bin, to
            // the left (3) and to the right (2).
            [
                848433088, 848433088, 113255102, 848433088, 848433088, 113255102, 848433088,
                113255102,
            ],
        ),
        (
            Scheme::Classic,
            0,
            &[1, 2, 3],
            [
                1037429508, 153204162, 472663468, 769875571, 997287477, 1942603223, 372451726,
                2651591091,
            ],
        ),
        (
            Scheme::Classic,
            9,
            &[0xdead_beef, 42],
            [
                694604815, 1493711596, 776692402, 24784098, 1139072999, 1255627563, 12086447,
                2567360421,
            ],
        ),
    ];
    for (scheme, seed, hashes, want) in cases {
        let sig = MinHasher::new(8, *seed, *scheme).signature(hashes).unwrap();
        pinned(
            Breaks::StoredIndexes,
            &format!("{scheme:?} signature of {hashes:x?} with seed {seed}"),
            sig.values(),
            &want[..],
        );
    }
    let lsh = LshIndex::new(LshParams { bands: 2, rows: 4 }, 0);
    let keys: Vec<u64> = lsh
        .band_keys(&Signature::from_values((0..8).collect()))
        .collect();
    pinned(
        Breaks::StoredIndexes,
        "band keys of 0..8 in 2 bands of 4",
        keys,
        vec![0x98f7_e41e_279a_66a4, 0x32b0_38bd_daec_7a9b],
    );
}

#[test]
fn index_file_of_a_small_detector() {
    // Token ids and block keys are stored as they are: pin a whole file.
    let mut det = Detector::builder()
        .boilerplate(false)
        .shingle(Shingling::Auto { words: 4, chars: 5 })
        .build()
        .unwrap();
    det.insert(
        "a",
        "The quick brown fox jumps over the lazy dog.\n\nAll rights reserved",
    )
    .unwrap();
    det.insert(
        "b",
        "Breaking: the quick brown fox jumps over the lazy dog!",
    )
    .unwrap();
    let mut bytes = Vec::new();
    det.write_to(&mut bytes).unwrap();
    // The unit of document "a" (units are in content hash order): its first
    // token id ("the") and its first block's key.
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let mut at = 32 + 119 + 8 + 4;
    let a = loop {
        // Shingle length, tokens, blocks, numbers, stories, then the ids.
        let tokens = at + 4;
        let blocks = tokens + 4 + 4 * u32_at(tokens);
        let numbers = blocks + 4 + 12 * u32_at(blocks);
        let ids = numbers + 4 + 4 * u32_at(numbers) + 1;
        assert_eq!(u32_at(ids), 1);
        let len = u32_at(ids + 4);
        if &bytes[ids + 8..ids + 8 + len] == b"a" {
            break tokens;
        }
        at = ids + 8 + len;
    };
    let token = u32::from_le_bytes(bytes[a + 4..a + 8].try_into().unwrap());
    let n = u32_at(a);
    assert_eq!(n, 12);
    // Block count, then the first block's end (9 tokens) and key.
    let blocks = a + 4 + 4 * n;
    assert_eq!(&bytes[blocks + 4..blocks + 8], &9u32.to_le_bytes());
    let key = u64::from_le_bytes(bytes[blocks + 8..blocks + 16].try_into().unwrap());
    pinned(
        Breaks::StoredIndexes,
        "token id of \"the\"",
        token,
        0xcb12_8363,
    );
    pinned(
        Breaks::StoredIndexes,
        "block key",
        key,
        0x2c15_533b_0342_2582,
    );
    pinned(
        Breaks::StoredIndexes,
        "index file of two small documents",
        (bytes.len(), xxh3_64(&bytes)),
        (367, 0xc6de_f4fe_2e30_3fc1),
    );
}
