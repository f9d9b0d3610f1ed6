fn main() {
    std::process::exit(privlint::cli::main());
}
