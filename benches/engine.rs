//! Engine benchmarks: the keyword prefilter alone (text with no hits) and the full engine
//! with the whole embedded rule pack over realistic source text with planted secrets.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vigil::RuleSet;
use vigil::engine::{Engine, Scratch};

fn corpus_without_hits() -> Vec<u8> {
    let line =
        b"fn compute(values: &[u32]) -> u64 { values.iter().map(|v| u64::from(*v)).sum() }\n";
    line.iter().copied().cycle().take(4 << 20).collect()
}

fn corpus_with_hits() -> Vec<u8> {
    let mut text = corpus_without_hits();
    let planted = b"\nlet password = \"Tr0ub4dor&3xq\";\nAWS_ACCESS_KEY_ID=AKIAZ4QF7XW2JHM6BTRD\n";
    for i in (0..text.len()).step_by(64 << 10) {
        let end = (i + planted.len()).min(text.len());
        text[i..end].copy_from_slice(&planted[..end - i]);
    }
    text
}

fn bench(c: &mut Criterion) {
    let engine = Engine::new(RuleSet::builtin().expect("built-in rules")).expect("engine");
    let mut group = c.benchmark_group("engine");
    for (name, text) in [
        ("no-hits", corpus_without_hits()),
        ("planted", corpus_with_hits()),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            let mut scratch = Scratch::default();
            let mut out = Vec::new();
            b.iter(|| {
                out.clear();
                engine.scan(black_box(&text), Some("src/lib.rs"), &mut scratch, &mut out);
                black_box(out.len())
            });
        });
    }
    group.finish();
    c.bench_function("engine/build", |b| {
        b.iter(|| Engine::new(RuleSet::builtin().expect("rules")).expect("engine"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
