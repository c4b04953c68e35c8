//! The production reverse proxy for tests: Debian's nginx running the
//! project's own `ops/nginx/cleaning-tracker.conf.template`, rendered with
//! `envsubst` exactly as the official nginx Docker image does, on free
//! loopback ports with a certificate made for the test. Dropping it (also
//! during a panic) kills nginx; a small shell watchdog kills it too if the
//! test process dies without unwinding.

use crate::browser::{browser_log, unexpected_errors, Driver};
use crate::Reply;
use anyhow::{bail, Context, Result};
use fantoccini::{Client, ClientBuilder};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const NGINX: &str = "/usr/sbin/nginx";

/// The template, relative to the project root.
pub const TEMPLATE: &str = "ops/nginx/cleaning-tracker.conf.template";

/// nginx in front of one PostgREST, listening on 127.0.0.1 only.
pub struct Nginx {
    child: Child,
    dir: tempfile::TempDir,
    pub https_port: u16,
    pub http_port: u16,
    /// `https://127.0.0.1:PORT`: the app's own origin for CORS.
    pub origin: String,
    /// The test CA that signed nginx's certificate (PEM).
    pub ca_pem: Vec<u8>,
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let out = cmd.output().with_context(|| format!("running {what}"))?;
    if !out.status.success() {
        bail!("{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

/// A throwaway CA and a certificate for 127.0.0.1 signed by it, so TLS
/// clients in the tests verify the chain instead of skipping verification.
fn make_certificates(dir: &Path) -> Result<()> {
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    run(
        Command::new("openssl")
            .args(["req", "-x509"])
            .args(ec)
            .args(["-keyout", "ca.key", "-out", "ca.pem", "-days", "2"])
            .args(["-subj", "/CN=cleaning-tracker test CA"])
            .current_dir(dir),
        "openssl (test CA)",
    )?;
    run(
        Command::new("openssl")
            .arg("req")
            .args(ec)
            .args(["-keyout", "key.pem", "-out", "leaf.csr"])
            .args(["-subj", "/CN=127.0.0.1"])
            .current_dir(dir),
        "openssl (certificate request)",
    )?;
    std::fs::write(
        dir.join("leaf.ext"),
        "subjectAltName = IP:127.0.0.1, DNS:localhost\n\
         basicConstraints = critical, CA:FALSE\n\
         keyUsage = critical, digitalSignature\n\
         extendedKeyUsage = serverAuth\n",
    )?;
    run(
        Command::new("openssl")
            .args(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem"])
            .args(["-CAkey", "ca.key", "-CAcreateserial", "-days", "2"])
            .args(["-extfile", "leaf.ext", "-out", "cert.pem"])
            .current_dir(dir),
        "openssl (signing the certificate)",
    )
}

/// Renders the template like the nginx image's
/// `20-envsubst-on-templates.sh`: `envsubst` with the list of defined
/// `CTT_*` variables, so nginx's own `$variables` pass untouched.
pub fn render_template(vars: &[(&str, String)]) -> Result<String> {
    let template = crate::project_root().join(TEMPLATE);
    let names: Vec<String> = vars.iter().map(|(k, _)| format!("${{{k}}}")).collect();
    let out = Command::new("envsubst")
        .arg(names.join(" "))
        .env_clear()
        .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(std::fs::File::open(&template).with_context(|| format!("{template:?}"))?)
        .output()
        .context("running envsubst (apt-get install gettext-base)")?;
    if !out.status.success() {
        bail!("envsubst: {}", String::from_utf8_lossy(&out.stderr));
    }
    let text = String::from_utf8(out.stdout)?;
    if let Some(at) = text.find("${CTT_") {
        bail!(
            "the template uses a variable the test does not set: {}",
            &text[at..text.len().min(at + 40)]
        );
    }
    Ok(text)
}

/// Stops nginx when the test process is gone, however it ended, and then
/// removes its temp dir (a killed test cannot).
const WATCHDOG: &str = r#"owner=$1 dir=$2; shift 2
"$@" &
nginx=$!
trap 'kill -TERM "$nginx" 2>/dev/null; exit 0' TERM INT
while kill -0 "$owner" 2>/dev/null && kill -0 "$nginx" 2>/dev/null; do sleep 0.5; done
kill -TERM "$nginx" 2>/dev/null
wait "$nginx"
kill -0 "$owner" 2>/dev/null || rm -rf "$dir""#;

impl Nginx {
    /// nginx in front of the PostgREST at `upstream` (`127.0.0.1:PORT`).
    pub fn start(upstream: &str) -> Result<Nginx> {
        use std::os::unix::process::CommandExt;
        let dir = tempfile::Builder::new().prefix("ctt-nginx-").tempdir()?;
        let path = dir.path();
        make_certificates(path)?;
        let (https_port, http_port) = (free_port()?, free_port()?);
        let origin = format!("https://127.0.0.1:{https_port}");
        let site = render_template(&[
            ("CTT_SERVER_NAME", "127.0.0.1 localhost".to_string()),
            ("CTT_ORIGIN", origin.clone()),
            ("CTT_UPSTREAM", upstream.to_string()),
            ("CTT_LISTEN_HTTPS", format!("127.0.0.1:{https_port}")),
            ("CTT_LISTEN_HTTP", format!("127.0.0.1:{http_port}")),
            ("CTT_TLS_CERT", path.join("cert.pem").display().to_string()),
            ("CTT_TLS_KEY", path.join("key.pem").display().to_string()),
        ])?;
        std::fs::write(path.join("site.conf"), site)?;
        // The main configuration the Docker image has around conf.d/*.conf,
        // reduced to what a test needs, with every path in the temp dir.
        let p = path.display();
        let user = if is_root() { "user root;\n" } else { "" };
        std::fs::write(
            path.join("nginx.conf"),
            format!(
                "{user}worker_processes 1;\n\
                 error_log {p}/error.log info;\n\
                 events {{ worker_connections 512; }}\n\
                 http {{\n\
                 \x20   access_log {p}/access.log;\n\
                 \x20   client_body_temp_path {p}/client_body;\n\
                 \x20   proxy_temp_path {p}/proxy;\n\
                 \x20   fastcgi_temp_path {p}/fastcgi;\n\
                 \x20   uwsgi_temp_path {p}/uwsgi;\n\
                 \x20   scgi_temp_path {p}/scgi;\n\
                 \x20   include {p}/site.conf;\n\
                 }}\n"
            ),
        )?;
        let conf = path.join("nginx.conf");
        let globals = format!("daemon off; pid {p}/nginx.pid;");
        let test = Command::new(NGINX)
            .arg("-t")
            .arg("-c")
            .arg(&conf)
            .arg("-p")
            .arg(path)
            .args(["-g", &globals])
            .output()
            .context("running nginx -t (apt-get install nginx)")?;
        if !test.status.success() {
            bail!(
                "nginx -t refused the rendered template:\n{}",
                String::from_utf8_lossy(&test.stderr)
            );
        }
        let child = Command::new("bash")
            .args(["-c", WATCHDOG, "ctt-nginx-watchdog"])
            .arg(std::process::id().to_string())
            .arg(path)
            .arg(NGINX)
            .arg("-c")
            .arg(&conf)
            .arg("-p")
            .arg(path)
            .args(["-g", &globals])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(path.join("stderr.log"))?)
            .process_group(0)
            .spawn()
            .context("starting nginx")?;
        let ca_pem = std::fs::read(path.join("ca.pem"))?;
        let mut nginx = Nginx {
            child,
            dir,
            https_port,
            http_port,
            origin,
            ca_pem,
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        for port in [https_port, http_port] {
            while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
                if let Some(status) = nginx.child.try_wait()? {
                    bail!("nginx exited ({status}):\n{}", nginx.logs());
                }
                if Instant::now() > deadline {
                    bail!("nginx did not listen on {port}:\n{}", nginx.logs());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Ok(nginx)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    pub fn http_url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.http_port)
    }

    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// nginx's error log and stderr, for failure messages.
    pub fn logs(&self) -> String {
        ["stderr.log", "error.log"]
            .iter()
            .map(|f| std::fs::read_to_string(self.dir.path().join(f)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// An HTTPS client that trusts only the test CA and follows no
    /// redirects (the tests look at them).
    pub fn client(&self) -> Result<reqwest::blocking::Client> {
        Ok(reqwest::blocking::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(&self.ca_pem)?)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()?)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // The whole process group: the watchdog, nginx's master and workers.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false)
}

/// Sends a request and keeps the whole reply.
pub fn send(req: reqwest::blocking::RequestBuilder) -> Result<Reply> {
    let resp = req.send().context("sending a request through nginx")?;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.bytes()?.to_vec();
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// Like [`crate::browser::run_scenario`], for pages behind the test's own
/// certificate authority: Chromium gets `--ignore-certificate-errors`
/// (it cannot be given the test CA without a system-wide NSS database).
/// Console errors fail the scenario; on failure a screenshot, the console
/// log and the page's HTML go to `test-artifacts/`.
pub fn run_tls_scenario<F, Fut>(name: &str, allowed_console: &[&str], scenario: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("building a tokio runtime");
    let outcome: Result<()> = runtime.block_on(async {
        let driver = Driver::start()?;
        let mut caps = driver.capabilities((412, 900));
        if let Some(args) = caps
            .get_mut("goog:chromeOptions")
            .and_then(|o| o.get_mut("args"))
            .and_then(|a| a.as_array_mut())
        {
            args.push("--ignore-certificate-errors".into());
        }
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps);
        let client = builder
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .context("opening a WebDriver session")?;
        let result = scenario(client.clone()).await;
        let log = browser_log(&client).await;
        let result = match (result, log) {
            (Err(e), log) => Err((e, log.unwrap_or_default())),
            (Ok(()), Err(e)) => Err((e, Vec::new())),
            (Ok(()), Ok(log)) => {
                let errors = unexpected_errors(&log, allowed_console);
                if errors.is_empty() {
                    Ok(())
                } else {
                    Err((
                        anyhow::anyhow!("console errors:\n{}", errors.join("\n")),
                        log,
                    ))
                }
            }
        };
        let result = match result {
            Ok(()) => Ok(()),
            Err((e, log)) => {
                let dir = crate::project_root().join("test-artifacts");
                if std::fs::create_dir_all(&dir).is_ok() {
                    if let Ok(png) = client.screenshot().await {
                        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
                    }
                    let mut text = format!("error: {e:#}\n\n");
                    for entry in &log {
                        text.push_str(&format!("[{}] {}\n", entry.level, entry.message));
                    }
                    let _ = std::fs::write(dir.join(format!("{name}.console.log")), text);
                    if let Ok(html) = client.source().await {
                        let _ = std::fs::write(dir.join(format!("{name}.html")), html);
                    }
                }
                Err(e)
            }
        };
        let _ = client.close().await;
        drop(driver);
        result
    });
    if let Err(e) = outcome {
        panic!("{name}: {e:#} (artifacts in test-artifacts/)");
    }
}
