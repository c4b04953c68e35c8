fn main() {
    // Panic messages in the console for debug builds (`trunk serve`). The
    // release build leaves the hook out (about 1 KB of the first load); a
    // panic there still shows in the console as a RuntimeError.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Before the first render: a dark page must not flash light.
    frontend::theme::apply_stored();
    // The language too: every screen reads its words once.
    frontend::i18n::apply_stored();
    leptos::mount::mount_to_body(frontend::App);
}
