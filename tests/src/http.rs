use anyhow::{Context, Result};
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::HeaderMap;
use serde_json::Value;

/// A small PostgREST client for tests: every call returns the whole reply,
/// so tests assert on status, headers and body alike.
#[derive(Clone)]
pub struct Api {
    base: String,
    client: Client,
    token: Option<String>,
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
    /// A PostgREST error body: `{code, message, details, hint}`.
    pub fn is_json_error(&self) -> bool {
        self.json().get("message").and_then(Value::as_str).is_some()
    }
}

impl Api {
    pub fn new(base: &str) -> Api {
        Api {
            base: base.trim_end_matches('/').to_string(),
            client: Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("building the HTTP client"),
            token: None,
        }
    }

    pub fn with_token(&self, token: &str) -> Api {
        Api {
            token: Some(token.to_string()),
            ..self.clone()
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn authorised(&self, req: RequestBuilder) -> RequestBuilder {
        match &self.token {
            Some(token) => req.bearer_auth(token),
            None => req,
        }
    }

    pub fn send(&self, req: RequestBuilder) -> Result<Reply> {
        let resp = self.authorised(req).send().context("sending a request")?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.bytes().context("reading a response body")?.to_vec();
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    pub fn get(&self, path: &str) -> Result<Reply> {
        self.send(self.client.get(self.url(path)))
    }

    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Result<Reply> {
        let mut req = self.client.get(self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req)
    }

    /// `POST /rpc/<function>` with a JSON body.
    pub fn rpc(&self, function: &str, args: &Value) -> Result<Reply> {
        self.send(
            self.client
                .post(self.url(&format!("/rpc/{function}")))
                .json(args),
        )
    }

    /// Any method and raw body, for attacks the typed helpers cannot express.
    pub fn raw(
        &self,
        method: reqwest::Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Reply> {
        let mut req = self.client.request(method, self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(body) = body {
            req = req.body(body.to_string());
        }
        self.send(req)
    }

    /// Signs in and returns a client carrying the token.
    pub fn login(&self, username: &str, password: &str) -> Result<Api> {
        let reply = self.rpc(
            "login",
            &serde_json::json!({"p_username": username, "p_password": password}),
        )?;
        anyhow::ensure!(
            reply.status == 200,
            "login {username} failed: {}",
            reply.text()
        );
        let token = reply.json()["token"]
            .as_str()
            .context("login reply has no token")?
            .to_string();
        Ok(self.with_token(&token))
    }
}
