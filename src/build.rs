//! Build script: embedded migrations are read at compile time, so a new
//! migration folder must trigger a rebuild.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
