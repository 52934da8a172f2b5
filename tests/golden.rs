//! Golden vectors: the hashes that reach disk, pinned.
//!
//! Signatures, band keys and shingle sets are stored in index files and
//! compared with those of documents indexed months later, maybe on another
//! machine or with another build. If any of these tests fails, a change made
//! them differ: every index file written before it would silently stop matching
//! new documents. DESIGN.md specifies each value pinned here.

use reprint::{
    index_file, normalize, shingles, Config, Detector, LshIndex, LshParams, MinHasher, Scheme,
    Shingling, Signature,
};
use xxhash_rust::xxh3::xxh3_64;

mod common;

/// Fails with a message that says what breaks and what to do.
#[track_caller]
fn pinned<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) {
    if got != want {
        panic!(
            "{what} changed\n   got: {got:x?}\npinned: {want:x?}\n\n\
             This value is persisted in index files and compared across runs and machines: \
             changing it breaks every stored index (old documents would stop matching new \
             ones). If the change is intended, bump index_file::FORMAT_VERSION, specify the new \
             hashing in DESIGN.md, add a fixture of the new format under tests/data/ and only \
             then update this vector."
        );
    }
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

struct SeedVector {
    name: &'static str,
    /// XXH3-64 of the signature's values as little-endian bytes.
    signature: u64,
    first_values: [u32; 8],
    /// XXH3-64 of the band keys as little-endian bytes.
    band_keys: u64,
    first_keys: [u64; 3],
    /// Number of distinct 64-bit shingle hashes, and their digest.
    shingles: usize,
    shingle_digest: u64,
    /// XXH3-64 of the classic scheme's signature.
    classic: u64,
}

const SEEDS: [SeedVector; 5] = [
    SeedVector {
        name: "000",
        signature: 0xb4f1_97ee_b1b0_ea33,
        first_values: [
            115779707, 1336941035, 123731984, 1147058452, 1137956119, 296504774, 380303419,
            160423838,
        ],
        band_keys: 0x95be_a7bf_44a9_43f5,
        first_keys: [
            0xec22_d700_20e1_fbc9,
            0xc08c_9ca1_97fa_6658,
            0xa347_21bd_b925_82dc,
        ],
        shingles: 1042,
        shingle_digest: 0x5d8c_c56e_99ae_49b9,
        classic: 0xa181_b7bc_37be_3f8f,
    },
    SeedVector {
        name: "001",
        signature: 0xc87c_4ccd_68bb_4049,
        first_values: [
            289835769, 727754511, 195034653, 463342951, 2894016830, 2293917899, 848167841,
            554026328,
        ],
        band_keys: 0x85bf_3a36_c78b_33df,
        first_keys: [
            0xfefe_a7ce_aeda_4be1,
            0x581c_01b1_523f_7c0c,
            0xfde5_8f8d_b620_3cde,
        ],
        shingles: 429,
        shingle_digest: 0xa189_b1a8_9375_4913,
        classic: 0xc884_64d6_234c_507f,
    },
    SeedVector {
        name: "002",
        signature: 0x9dde_95f2_edf1_ff4a,
        first_values: [
            441445294, 150316682, 707271123, 1898502054, 26764058, 28494318, 1738978243,
            266568942,
        ],
        band_keys: 0x26d2_5e71_8978_40fb,
        first_keys: [
            0x1dfd_eab3_36f3_9b17,
            0x9c22_4ff4_60c0_6047,
            0x6222_bc34_23f1_937b,
        ],
        shingles: 548,
        shingle_digest: 0x1c79_ab14_952b_726e,
        classic: 0x8b4a_d4c1_e8d2_b242,
    },
    SeedVector {
        name: "003",
        signature: 0x67d6_3720_8a4b_0506,
        first_values: [
            2910469225, 4246202664, 174306633, 3280355920, 800009368, 478732506, 283823395,
            2649165934,
        ],
        band_keys: 0x885b_596d_2be7_854b,
        first_keys: [
            0xbabc_e877_bfc6_1470,
            0x5975_8096_9602_1517,
            0xd6f7_718b_17bc_6dbf,
        ],
        shingles: 421,
        shingle_digest: 0xfccf_630b_b3dd_bca8,
        classic: 0xeba1_039f_bded_2768,
    },
    SeedVector {
        name: "004",
        signature: 0xd679_7b89_f383_9d02,
        first_values: [
            441445294, 150316682, 707271123, 2235610083, 26764058, 28494318, 1738978243,
            266568942,
        ],
        band_keys: 0x06ce_7b61_96c8_7818,
        first_keys: [
            0x1dfd_eab3_36f3_9b17,
            0x6d4c_67bc_c8ec_b44c,
            0x91d8_a7ee_0dd8_7eed,
        ],
        shingles: 368,
        shingle_digest: 0x5bc8_fa9a_6c14_9563,
        classic: 0xb4a5_e9ac_fb5d_199f,
    },
];

#[test]
fn default_config_banding_and_fingerprint() {
    let det = Detector::builder().build().unwrap();
    pinned(
        "default LSH banding",
        det.lsh_params(),
        LshParams { bands: 42, rows: 3 },
    );
    pinned(
        "default config fingerprint",
        Config::default().fingerprint(),
        0x84d8_7b95_db5b_a1bd,
    );
    pinned("index format version", index_file::FORMAT_VERSION, 1);
}

#[test]
fn seed_signatures_band_keys_and_shingles() {
    let det = Detector::builder().build().unwrap();
    let classic = Detector::builder()
        .scheme(Scheme::Classic)
        .build()
        .unwrap();
    let lsh = LshIndex::new(det.lsh_params(), det.config().seed);
    let docs = common::seed_docs();
    assert_eq!(docs.len(), SEEDS.len());
    for ((name, text), want) in docs.iter().zip(&SEEDS) {
        assert_eq!(name, want.name);
        let sig = det.signature_of(text).unwrap();
        assert_eq!(sig.len(), 128);
        pinned(
            &format!("signature of seed {name}"),
            digest32(sig.values()),
            want.signature,
        );
        pinned(
            &format!("first signature values of seed {name}"),
            &sig.values()[..8],
            &want.first_values[..],
        );
        let keys: Vec<u64> = lsh.band_keys(&sig).collect();
        assert_eq!(keys.len(), 42);
        pinned(
            &format!("LSH band keys of seed {name}"),
            digest64(&keys),
            want.band_keys,
        );
        pinned(
            &format!("first LSH band keys of seed {name}"),
            &keys[..3],
            &want.first_keys[..],
        );
        let set = shingles(&normalize(text), Shingling::default(), 0);
        pinned(
            &format!("shingle count of seed {name}"),
            set.len(),
            want.shingles,
        );
        pinned(
            &format!("shingle hashes of seed {name}"),
            digest64(&set),
            want.shingle_digest,
        );
        pinned(
            &format!("classic-scheme signature of seed {name}"),
            digest32(classic.signature_of(text).unwrap().values()),
            want.classic,
        );
    }
}

#[test]
fn shingle_hashes_of_fixed_strings() {
    let cases: &[(&str, Shingling, u64, &[u64])] = &[
        (
            "the quick brown fox jumps",
            Shingling::Words(2),
            0,
            &[
                0x746e_5302_a1de_d3ee,
                0x849b_c87d_5cc0_3fbf,
                0xa0c3_454f_2f71_370c,
                0xa29b_ac43_f59e_c144,
            ],
        ),
        (
            "the quick brown fox jumps",
            Shingling::Words(3),
            7,
            &[
                0x53da_aca6_84e8_d462,
                0x6228_5cb1_b786_fdf4,
                0x836a_cfee_a736_2f77,
            ],
        ),
        (
            "新华社北京电",
            Shingling::Chars(3),
            0,
            &[
                0x520d_836b_8e34_f634,
                0x6436_7d1d_7a58_7747,
                0x8936_d91d_1e3b_5731,
                0xc518_3d5a_9f96_e5a0,
            ],
        ),
        (
            "بالشعب و للشعب",
            Shingling::Words(2),
            0,
            &[0x50da_f371_0915_3790, 0xc975_c59f_7546_2b5e],
        ),
        // Fewer tokens than the shingle length: one shingle of them all.
        (
            "Assange",
            Shingling::Words(5),
            0,
            &[0xd660_b3f6_05f5_a691],
        ),
    ];
    for (text, how, seed, want) in cases {
        pinned(
            &format!("shingle hashes of {text:?} ({how}, seed {seed})"),
            shingles(&normalize(text), *how, *seed),
            want.to_vec(),
        );
    }
}

#[test]
fn minhash_and_band_keys_of_fixed_inputs() {
    // Small vectors for anyone reimplementing DESIGN.md in another language.
    let cases: &[(Scheme, u64, &[u64], [u32; 8])] = &[
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
            [
                848433088, 113255102, 113255102, 848433088, 848433088, 848433088, 848433088,
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
        "band keys of 0..8 in 2 bands of 4",
        keys,
        vec![0x98f7_e41e_279a_66a4, 0x32b0_38bd_daec_7a9b],
    );
}
