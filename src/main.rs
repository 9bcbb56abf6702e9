fn main() {
    std::process::exit(sportello::cli::main());
}
