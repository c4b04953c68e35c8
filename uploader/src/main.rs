fn main() -> std::process::ExitCode {
    uploader::cli::main()
}
