// mimalloc for Rust and for tree-sitter's C allocations alike: parsing is most of a cold run
// and allocates a node at a time; glibc's malloc and free were an eighth of it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // SAFETY: set once, before any parser or tree exists; tree-sitter frees with the same
    // allocator it was given.
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(calloc),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
    std::process::exit(privlint::cli::main());
}

/// `calloc` over mimalloc: zeroed, and null where `n * size` overflows, as C's.
unsafe extern "C" fn calloc(n: usize, size: usize) -> *mut std::ffi::c_void {
    match n.checked_mul(size) {
        // SAFETY: mimalloc's zeroing allocation, for any size.
        Some(total) => unsafe { libmimalloc_sys::mi_zalloc(total) },
        None => std::ptr::null_mut(),
    }
}
