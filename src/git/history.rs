//! A repository's history read with gitoxide, for the whole-history audit (`vigil git --all`).
//!
//! Two passes. [`Repo::history`] walks every commit reachable from the given tips, parents
//! before children, and every tree of those commits (each tree object once), recording for
//! each unique blob the first commit and path that introduced it. [`Repo::for_each_blob`] then
//! decodes the wanted blobs straight from the pack files with gitoxide's delta-tree traversal
//! (each base inflated once, deltas applied in parallel), which is far cheaper than looking
//! blobs up one by one; blobs that live outside the packs (loose objects, alternates) are
//! looked up afterwards.
//!
//! Nothing here runs git, hooks, filters or any program the repository's configuration names:
//! only object data is read, so a hostile repository cannot make the audit execute code.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::objs::{CommitRef, Kind, TagRef, TreeRefIter};
use rayon::prelude::*;

use crate::error::{Error, Result};

/// One commit of the walked history.
#[derive(Debug, Clone)]
pub struct Commit {
    /// The commit id.
    pub id: ObjectId,
    /// `Name <email>` of the author.
    pub author: String,
    /// Author date, RFC 3339.
    pub date: String,
    /// The commit message.
    pub message: Vec<u8>,
}

/// Where a blob first appeared.
#[derive(Debug, Clone)]
pub struct BlobOrigin {
    /// The blob id.
    pub id: ObjectId,
    /// Index in [`History::paths`] of the blob's path in that commit's tree (paths are
    /// interned: 58k blobs of the cargo history share 4k paths).
    pub path_id: u32,
    /// Index into [`History::commits`] of the first commit (parents-first order) with the blob.
    pub commit: u32,
}

/// One copy instruction of a pack delta: the target's `len` bytes at `target` are the base
/// object's bytes at `base`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copy {
    /// Offset in the blob being decoded.
    pub target: usize,
    /// Number of bytes copied.
    pub len: usize,
    /// Offset in the base object.
    pub base: usize,
}

/// How a blob is stored in its pack: as a delta against another blob. Whatever the delta
/// copies is known to be in the base already, which lets the audit skip those lines.
#[derive(Debug, Clone, Copy)]
pub struct Delta<'a> {
    /// The base blob.
    pub base: ObjectId,
    /// The base blob's size.
    pub base_len: usize,
    /// The copy instructions, in target order.
    pub copies: &'a [Copy],
}

/// An annotated tag.
#[derive(Debug, Clone)]
pub struct Tag {
    /// The tag's name (as written in the tag object).
    pub name: String,
    /// The tag object's id.
    pub id: ObjectId,
    /// `Name <email>` of the tagger (empty if the tag has none).
    pub tagger: String,
    /// Tag date, RFC 3339 (empty if the tag has no tagger).
    pub date: String,
    /// The tag message.
    pub message: Vec<u8>,
}

/// The commits, blobs and tags to audit.
#[derive(Debug, Default)]
pub struct History {
    /// Every walked commit, parents before children.
    pub commits: Vec<Commit>,
    /// Every unique blob with its first appearance.
    pub blobs: Vec<BlobOrigin>,
    /// Annotated tags met while resolving the tips.
    pub tags: Vec<Tag>,
    /// Every distinct blob path.
    pub paths: Vec<String>,
    index: HashMap<ObjectId, u32>,
    path_index: HashMap<String, u32>,
}

impl History {
    /// The path of `blob` where it first appeared.
    pub fn path(&self, blob: &BlobOrigin) -> &str {
        self.paths
            .get(blob.path_id as usize)
            .map_or("", String::as_str)
    }

    /// The position of blob `id` in [`History::blobs`].
    pub fn blob_index(&self, id: &gix::oid) -> Option<usize> {
        self.index.get(id).map(|&i| i as usize)
    }
}

/// Commits to start walking from, and the annotated tags on the way to them.
#[derive(Debug, Default)]
pub struct Tips {
    /// Commit ids.
    pub commits: Vec<ObjectId>,
    /// Annotated tags whose chain ends at one of the commits (or at another object).
    pub tags: Vec<Tag>,
    /// Blobs that a ref or tag names directly.
    pub blobs: Vec<(ObjectId, String)>,
}

/// A repository opened with gitoxide, shareable between threads.
#[derive(Debug, Clone)]
pub struct Repo {
    repo: gix::ThreadSafeRepository,
    /// Where the repository was discovered from (to open it again, see [`Repo::reopen`]).
    dir: std::path::PathBuf,
}

fn git_err(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Git(format!("{what}: {e}"))
}

impl Repo {
    /// Opens the repository containing `dir` (work tree, `.git` directory or bare repository),
    /// without reading the user's or the system's git configuration.
    ///
    /// # Errors
    /// `dir` is not in a repository, or the repository cannot be opened.
    pub fn discover(dir: &Path) -> Result<Repo> {
        let repo = gix::ThreadSafeRepository::discover_opts(
            dir,
            gix::discover::upwards::Options::default(),
            gix::sec::trust::Mapping {
                full: gix::open::Options::isolated(),
                reduced: gix::open::Options::isolated(),
            },
        )
        .map_err(|e| git_err(&format!("not a git repository: {}", dir.display()), e))?;
        Ok(Repo {
            repo,
            dir: dir.to_path_buf(),
        })
    }

    /// The same repository with a fresh object store. The store keeps every pack it has read
    /// mapped for as long as it lives; the blob pass maps the packs again for its traversal,
    /// so reopening after the walk keeps one mapping of each pack resident instead of two
    /// (about 50 MB of the audit's peak memory on the cargo history).
    ///
    /// # Errors
    /// The repository can no longer be opened.
    pub fn reopen(&self) -> Result<Repo> {
        Repo::discover(&self.dir)
    }

    fn local(&self) -> gix::Repository {
        let mut r = self.repo.to_thread_local();
        // Trees of neighbouring commits are deltas of each other: keep decoded bases around.
        // (Each walking thread has its own cache, and what it held stays in that thread's
        // allocator arena through the blob pass: 4 MB each walks as fast as 16 MB did.)
        r.objects.set_pack_cache(|| {
            Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
                4 << 20,
            ))
        });
        r
    }

    /// Reads blobs one by one (for the few lookups outside the pack traversal).
    pub fn blob_reader(&self) -> BlobReader {
        BlobReader { repo: self.local() }
    }

    /// Every ref's target (and a detached `HEAD`), with `include_unreachable` also every
    /// commit object in the database, so that dangling commits are walked too.
    ///
    /// # Errors
    /// Refs or objects cannot be read.
    pub fn all_tips(&self, include_unreachable: bool) -> Result<Tips> {
        let repo = self.local();
        let mut tips = Tips::default();
        let mut seen = HashSet::new();
        let refs = repo
            .references()
            .map_err(|e| git_err("cannot read refs", e))?;
        let iter = refs.all().map_err(|e| git_err("cannot read refs", e))?;
        let mut starts = Vec::new();
        for r in iter {
            let r = r.map_err(|e| git_err("cannot read a ref", e))?;
            if let Some(id) = r.target().try_id() {
                starts.push((id.to_owned(), r.name().shorten().to_string()));
            }
        }
        if let Ok(id) = repo.head_id() {
            starts.push((id.detach(), "HEAD".to_string()));
        }
        if include_unreachable {
            let all = repo
                .objects
                .store_ref()
                .iter()
                .map_err(|e| git_err("cannot list objects", e))?;
            for id in all {
                let id = id.map_err(|e| git_err("cannot list objects", e))?;
                let kind = repo
                    .find_header(id)
                    .map_err(|e| git_err(&format!("cannot read object {id}"), e))?
                    .kind();
                match kind {
                    Kind::Commit | Kind::Tag => starts.push((id, String::new())),
                    Kind::Blob => tips.blobs.push((id, format!("(unreachable blob {id})"))),
                    Kind::Tree => {}
                }
            }
        }
        for (id, name) in starts {
            self.resolve_tip(&repo, id, &name, &mut seen, &mut tips)?;
        }
        Ok(tips)
    }

    /// Follows tags from `id` to a commit (or blob), recording tag messages.
    fn resolve_tip(
        &self,
        repo: &gix::Repository,
        mut id: ObjectId,
        name: &str,
        seen: &mut HashSet<ObjectId>,
        tips: &mut Tips,
    ) -> Result<()> {
        for _ in 0..64 {
            if !seen.insert(id) {
                return Ok(());
            }
            let obj = repo
                .find_object(id)
                .map_err(|e| git_err(&format!("cannot read object {id} ({name})"), e))?;
            match obj.kind {
                Kind::Commit => tips.commits.push(id),
                Kind::Blob => tips.blobs.push((id, format!("(blob {name})"))),
                Kind::Tree => {}
                Kind::Tag => {
                    let tag = TagRef::from_bytes(&obj.data, repo.object_hash())
                        .map_err(|e| git_err(&format!("corrupt tag {id}"), e))?;
                    let (tagger, date) = match tag.tagger() {
                        Ok(Some(s)) => (
                            format!(
                                "{} <{}>",
                                s.name.trim().to_str_lossy(),
                                s.email.trim().to_str_lossy()
                            ),
                            rfc3339(&s),
                        ),
                        _ => (String::new(), String::new()),
                    };
                    tips.tags.push(Tag {
                        name: tag.name.to_str_lossy().into_owned(),
                        id,
                        tagger,
                        date,
                        message: tag.message.to_vec(),
                    });
                    id = tag.target();
                    continue;
                }
            }
            return Ok(());
        }
        Ok(())
    }

    /// Walks every commit reachable from `tips` and every tree of those commits.
    ///
    /// # Errors
    /// An object is missing or corrupt (a shallow clone's cut-off parents are not errors).
    pub fn history(&self, tips: &Tips) -> Result<History> {
        let repo = self.local();
        let shallow: HashSet<ObjectId> = repo
            .shallow_commits()
            .map_err(|e| git_err("cannot read the shallow file", e))?
            .map(|c| c.iter().copied().collect())
            .unwrap_or_default();
        let (commits, trees) = self.walk_commits(&repo, &tips.commits, &shallow)?;
        let mut history = History {
            commits,
            tags: tips.tags.clone(),
            ..History::default()
        };
        // The trees are walked in as many slices of the commit list as there are threads;
        // slices are merged oldest first, so each blob keeps its earliest commit.
        let threads = rayon::current_num_threads().max(1);
        let chunk = trees.len().div_ceil(threads).max(1);
        let parts: Vec<Result<Vec<(ObjectId, String, u32)>>> = trees
            .par_chunks(chunk)
            .enumerate()
            .map(|(k, part)| self.walk_trees(part, k * chunk))
            .collect();
        for part in parts {
            for (id, path, n) in part? {
                history.add_blob(id, path, n);
            }
        }
        history.add_loose_blobs(&tips.blobs);
        Ok(history)
    }

    /// The blobs of `trees` (root trees of commits `first..`), each with the first commit and
    /// path where this slice meets it; every tree object is read once per slice.
    fn walk_trees(&self, trees: &[ObjectId], first: usize) -> Result<Vec<(ObjectId, String, u32)>> {
        let repo = self.local();
        let hash = repo.object_hash();
        let mut seen_trees = HashSet::new();
        let mut seen_blobs = HashSet::new();
        let mut out = Vec::new();
        let mut stack: Vec<(ObjectId, String)> = Vec::new();
        for (n, tree) in trees.iter().enumerate() {
            let n = u32::try_from(first + n).unwrap_or(u32::MAX);
            stack.push((*tree, String::new()));
            while let Some((tree, prefix)) = stack.pop() {
                if !seen_trees.insert(tree) {
                    continue;
                }
                let obj = repo
                    .find_object(tree)
                    .map_err(|e| git_err(&format!("cannot read tree {tree}"), e))?;
                for entry in TreeRefIter::from_bytes(&obj.data, hash) {
                    let entry = entry.map_err(|e| git_err(&format!("corrupt tree {tree}"), e))?;
                    let is_tree = entry.mode.is_tree();
                    let new_blob =
                        !is_tree && entry.mode.is_blob() && seen_blobs.insert(entry.oid.to_owned());
                    if !is_tree && !new_blob {
                        continue;
                    }
                    let name = entry.filename.to_str_lossy();
                    let path = if prefix.is_empty() {
                        name.into_owned()
                    } else {
                        format!("{prefix}/{name}")
                    };
                    if is_tree {
                        stack.push((entry.oid.to_owned(), path));
                    } else {
                        out.push((entry.oid.to_owned(), path, n));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Commits reachable from `tips`, parents before children, and their root trees.
    fn walk_commits(
        &self,
        repo: &gix::Repository,
        tips: &[ObjectId],
        shallow: &HashSet<ObjectId>,
    ) -> Result<(Vec<Commit>, Vec<ObjectId>)> {
        let hash = repo.object_hash();
        let mut state: HashMap<ObjectId, bool> = HashMap::new(); // false: open, true: done
        let mut commits = Vec::new();
        let mut trees = Vec::new();
        let mut pending: HashMap<ObjectId, (Commit, ObjectId)> = HashMap::new();
        let mut stack: Vec<(ObjectId, bool)> = tips.iter().rev().map(|&t| (t, false)).collect();
        while let Some((id, expanded)) = stack.pop() {
            if expanded {
                if let Some((c, t)) = pending.remove(&id) {
                    commits.push(c);
                    trees.push(t);
                }
                state.insert(id, true);
                continue;
            }
            if state.contains_key(&id) {
                continue;
            }
            state.insert(id, false);
            let obj = repo
                .find_object(id)
                .map_err(|e| git_err(&format!("cannot read commit {id}"), e))?;
            if obj.kind != Kind::Commit {
                return Err(Error::Git(format!(
                    "object {id} is a {}, not a commit",
                    obj.kind
                )));
            }
            let c = CommitRef::from_bytes(&obj.data, hash)
                .map_err(|e| git_err(&format!("corrupt commit {id}"), e))?;
            let (author, date) = match c.author() {
                Ok(s) => (
                    format!(
                        "{} <{}>",
                        s.name.trim().to_str_lossy(),
                        s.email.trim().to_str_lossy()
                    ),
                    rfc3339(&s),
                ),
                Err(_) => (String::new(), String::new()),
            };
            let commit = Commit {
                id,
                author,
                date,
                message: c.message.to_vec(),
            };
            pending.insert(id, (commit, c.tree()));
            stack.push((id, true));
            if !shallow.contains(&id) {
                for p in c.parents().collect::<Vec<_>>().into_iter().rev() {
                    if !state.contains_key(&p) {
                        stack.push((p, false));
                    }
                }
            }
        }
        Ok((commits, trees))
    }

    /// Calls `f(id, data, delta)` for every blob for which `wanted(id)` holds, each once, on
    /// `threads` threads (0: all CPUs). Blobs are decoded from the packs in pack order (a
    /// delta's base always before the delta); `missing` lists wanted blobs that must be found
    /// even outside the packs. `delta` describes how the blob is stored when it is a delta
    /// against a base blob for which `use_delta(id, base)` holds (decoding the instructions
    /// costs an extra inflate, so the caller says when it can use them).
    ///
    /// # Errors
    /// A pack or object cannot be read.
    pub fn for_each_blob<W, D, F>(
        &self,
        wanted: &W,
        use_delta: &D,
        missing: impl Fn(&HashSet<ObjectId>) -> Vec<ObjectId>,
        threads: usize,
        f: F,
    ) -> Result<()>
    where
        W: Fn(&gix::oid) -> bool + Sync,
        D: Fn(&gix::oid, &gix::oid) -> bool + Sync,
        F: FnMut(&gix::oid, &[u8], Option<&Delta<'_>>) + Send + Clone,
    {
        let repo = self.local();
        let hash = repo.object_hash();
        let pack_dir = repo.objects.store_ref().path().join("pack");
        let done: Mutex<HashSet<ObjectId>> = Mutex::new(HashSet::new());
        let mut idx_files: Vec<_> = std::fs::read_dir(&pack_dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "idx"))
                    .collect()
            })
            .unwrap_or_default();
        idx_files.sort();
        let interrupt = AtomicBool::new(false);
        let thread_limit = (threads > 0).then_some(threads);
        for idx in idx_files {
            if !idx.with_extension("pack").exists() {
                continue;
            }
            let bundle = gix::odb::pack::Bundle::at(&idx, hash)
                .map_err(|e| git_err(&format!("cannot open pack {}", idx.display()), e))?;
            // Pack offset -> id of the wanted blobs, to name an offset delta's base.
            let at_offset: HashMap<u64, ObjectId> = bundle
                .index
                .iter()
                .filter(|e| wanted(&e.oid))
                .map(|e| (e.pack_offset, e.oid))
                .collect();
            let done = &done;
            let at_offset = &at_offset;
            let pack = &bundle.pack;
            let mut f = f.clone();
            let mut scratch = DeltaScratch::default();
            let processor = move |kind: Kind,
                                  data: &[u8],
                                  entry: &gix::odb::pack::index::Entry,
                                  _: &dyn gix::progress::Progress|
                  -> gix::error::Result<()> {
                if kind == Kind::Blob && wanted(&entry.oid) {
                    let first = done.lock().map(|mut d| d.insert(entry.oid)).unwrap_or(true);
                    if first {
                        let delta = scratch.decode(pack, entry, data.len(), at_offset, use_delta);
                        f(&entry.oid, data, delta.as_ref());
                    }
                }
                Ok(())
            };
            bundle
                .index
                .traverse(
                    &bundle.pack,
                    &mut gix::progress::Discard,
                    &interrupt,
                    processor,
                    gix::odb::pack::index::traverse::Options {
                        traversal: gix::odb::pack::index::traverse::Algorithm::DeltaTreeLookup,
                        thread_limit,
                        check: gix::odb::pack::index::traverse::SafetyCheck::SkipFileAndObjectChecksumVerification,
                        alloc_limit_bytes: None,
                        make_pack_lookup_cache: || gix::odb::pack::cache::Never,
                    },
                )
                .map_err(|e| git_err(&format!("cannot decode pack {}", idx.display()), e))?;
        }
        let done = done.into_inner().unwrap_or_default();
        let rest = missing(&done);
        let mut f = f;
        for id in rest {
            let obj = repo
                .find_object(id)
                .map_err(|e| git_err(&format!("cannot read blob {id}"), e))?;
            if obj.kind == Kind::Blob {
                f(&id, &obj.data, None);
            }
        }
        Ok(())
    }
}

/// Per-thread buffers for reading a blob's delta instructions during the pack traversal.
#[derive(Default)]
struct DeltaScratch {
    inflate: gix::zlib::Inflate,
    buf: Vec<u8>,
    copies: Vec<Copy>,
}

impl Clone for DeltaScratch {
    fn clone(&self) -> Self {
        DeltaScratch::default()
    }
}

impl DeltaScratch {
    /// The delta `entry` is stored as, if it is one against a blob `use_delta` accepts and its
    /// instructions read back consistently (anything unexpected gives `None`: the caller then
    /// treats the blob as a whole, which is always correct).
    fn decode<D>(
        &mut self,
        pack: &gix::odb::pack::data::File,
        entry: &gix::odb::pack::index::Entry,
        target_len: usize,
        at_offset: &HashMap<u64, ObjectId>,
        use_delta: &D,
    ) -> Option<Delta<'_>>
    where
        D: Fn(&gix::oid, &gix::oid) -> bool,
    {
        use gix::odb::pack::data::entry::Header;
        let e = pack.entry(entry.pack_offset).ok()?;
        let base = match e.header {
            Header::OfsDelta { base_distance } => {
                *at_offset.get(&e.checked_base_pack_offset(base_distance)?)?
            }
            Header::RefDelta { base_id } => base_id,
            _ => return None,
        };
        if !use_delta(&entry.oid, &base) {
            return None;
        }
        let size = usize::try_from(e.decompressed_size).ok()?;
        self.buf.clear();
        self.buf.resize(size, 0);
        pack.decompress_entry(&e, &mut self.inflate, &mut self.buf)
            .ok()?;
        let (base_len, len) = parse_delta(&self.buf, &mut self.copies)?;
        (len == target_len).then_some(Delta {
            base,
            base_len,
            copies: &self.copies,
        })
    }
}

/// Reads git delta instructions (base size, result size, then copy and insert commands) into
/// `copies`; returns (base size, result size), or `None` if the instructions are malformed.
fn parse_delta(d: &[u8], copies: &mut Vec<Copy>) -> Option<(usize, usize)> {
    fn varint(d: &[u8], i: &mut usize) -> Option<usize> {
        let mut value = 0usize;
        let mut shift = 0u32;
        loop {
            let b = *d.get(*i)?;
            *i += 1;
            value |= usize::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(value);
            }
            shift += 7;
            if shift >= usize::BITS {
                return None;
            }
        }
    }
    copies.clear();
    let mut i = 0;
    let base_len = varint(d, &mut i)?;
    let target_len = varint(d, &mut i)?;
    let mut t = 0usize;
    while i < d.len() {
        let cmd = d[i];
        i += 1;
        if cmd & 0x80 != 0 {
            let mut field = |bits: &[(u8, u32)]| -> Option<usize> {
                let mut v = 0usize;
                for &(bit, shift) in bits {
                    if cmd & bit != 0 {
                        v |= usize::from(*d.get(i)?) << shift;
                        i += 1;
                    }
                }
                Some(v)
            };
            let offset = field(&[(0x01, 0), (0x02, 8), (0x04, 16), (0x08, 24)])?;
            let mut len = field(&[(0x10, 0), (0x20, 8), (0x40, 16)])?;
            if len == 0 {
                len = 0x10000;
            }
            if offset.checked_add(len)? > base_len {
                return None;
            }
            copies.push(Copy {
                target: t,
                len,
                base: offset,
            });
            t = t.checked_add(len)?;
        } else if cmd != 0 {
            i += usize::from(cmd);
            t = t.checked_add(usize::from(cmd))?;
        } else {
            return None;
        }
    }
    (i == d.len() && t == target_len).then_some((base_len, target_len))
}

impl History {
    fn add_blob(&mut self, id: ObjectId, path: String, commit: u32) {
        let next = u32::try_from(self.blobs.len()).unwrap_or(u32::MAX);
        if let std::collections::hash_map::Entry::Vacant(v) = self.index.entry(id) {
            v.insert(next);
            let path_id = match self.path_index.get(&path) {
                Some(&p) => p,
                None => {
                    let p = u32::try_from(self.paths.len()).unwrap_or(u32::MAX);
                    self.paths.push(path.clone());
                    self.path_index.insert(path, p);
                    p
                }
            };
            self.blobs.push(BlobOrigin {
                id,
                path_id,
                commit,
            });
        }
    }

    /// Adds blobs outside any walked commit (named by a ref, or unreachable), attributed to
    /// no commit; blobs already met in a commit keep their first appearance.
    pub fn add_loose_blobs(&mut self, blobs: &[(ObjectId, String)]) {
        for (id, path) in blobs {
            self.add_blob(*id, path.clone(), u32::MAX);
        }
    }
}

/// Reads single blobs.
#[derive(Debug)]
pub struct BlobReader {
    repo: gix::Repository,
}

impl BlobReader {
    /// The content of blob `id`.
    ///
    /// # Errors
    /// The object is missing, corrupt or not a blob.
    pub fn read(&self, id: &gix::oid) -> Result<Vec<u8>> {
        let obj = self
            .repo
            .find_object(id)
            .map_err(|e| git_err(&format!("cannot read blob {id}"), e))?;
        if obj.kind != Kind::Blob {
            return Err(Error::Git(format!(
                "object {id} is a {}, not a blob",
                obj.kind
            )));
        }
        Ok(obj.detach().data)
    }
}

impl BlobReader {
    /// The parents of commit `id`.
    ///
    /// # Errors
    /// The commit is missing or corrupt.
    pub fn parents(&self, id: &gix::oid) -> Result<Vec<ObjectId>> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| git_err(&format!("cannot read commit {id}"), e))?;
        Ok(commit.parent_ids().map(gix::Id::detach).collect())
    }

    /// The content of the blob at `path` (`/`-separated) in commit `id`'s tree; `None` when
    /// the path is absent there or not a blob.
    ///
    /// # Errors
    /// An object is missing or corrupt.
    pub fn blob_at(&self, id: &gix::oid, path: &str) -> Result<Option<Vec<u8>>> {
        let err = |e: &dyn std::fmt::Display| git_err(&format!("cannot read {path} in {id}"), e);
        let commit = self.repo.find_commit(id).map_err(|e| err(&e))?;
        let tree = commit.tree().map_err(|e| err(&e))?;
        let Some(entry) = tree
            .lookup_entry(path.split('/').map(str::as_bytes))
            .map_err(|e| err(&e))?
        else {
            return Ok(None);
        };
        if !entry.mode().is_blob() {
            return Ok(None);
        }
        let obj = entry.object().map_err(|e| err(&e))?;
        Ok(Some(obj.detach().data))
    }
}

fn rfc3339(s: &gix::actor::SignatureRef<'_>) -> String {
    s.time()
        .map(|t| t.format_or_unix(gix::date::time::format::ISO8601_STRICT))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_delta_copies_and_inserts() {
        // base 20 bytes, result 13: copy base[4..9], insert "abc", copy base[0..5] (offset 0
        // written with no offset bytes).
        let d = [20u8, 13, 0x91, 4, 5, 3, b'a', b'b', b'c', 0x90, 5];
        let mut copies = Vec::new();
        assert_eq!(parse_delta(&d, &mut copies), Some((20, 13)));
        assert_eq!(
            copies,
            vec![
                Copy {
                    target: 0,
                    len: 5,
                    base: 4
                },
                Copy {
                    target: 8,
                    len: 5,
                    base: 0
                }
            ]
        );
        // A copy past the end of the base, a reserved command, a short insert, a wrong size.
        assert_eq!(parse_delta(&[4, 5, 0x91, 2, 5], &mut copies), None);
        assert_eq!(parse_delta(&[4, 1, 0], &mut copies), None);
        assert_eq!(parse_delta(&[4, 3, 3, b'a'], &mut copies), None);
        assert_eq!(parse_delta(&[4, 9, 2, b'a', b'b'], &mut copies), None);
    }
}
