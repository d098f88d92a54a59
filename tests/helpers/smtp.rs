//! A real SMTP server on a loopback port: the app's lettre transport talks
//! SMTP to it, and tests read what arrived.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One email as it arrived: envelope and the decoded message.
#[derive(Debug, Clone)]
pub struct ReceivedEmail {
    pub envelope_to: Vec<String>,
    pub raw: String,
}

impl ReceivedEmail {
    pub fn header(&self, name: &str) -> Option<String> {
        use mailparse::MailHeaderMap;
        mailparse::parse_mail(self.raw.as_bytes()).ok()?.headers.get_first_value(name)
    }

    /// The text/plain part, decoded.
    pub fn text(&self) -> String {
        self.part("text/plain")
    }

    /// The text/html part, decoded.
    pub fn html(&self) -> String {
        self.part("text/html")
    }

    fn part(&self, mime: &str) -> String {
        let parsed = mailparse::parse_mail(self.raw.as_bytes()).expect("a parsable email");
        let mut parts = vec![&parsed];
        while let Some(part) = parts.pop() {
            if part.ctype.mimetype == mime {
                return part.get_body().expect("a decodable body");
            }
            parts.extend(part.subparts.iter());
        }
        panic!("no {mime} part in {}", self.raw)
    }

    /// An "open this link to confirm your email" email.
    pub fn is_confirmation(&self) -> bool {
        self.header("Subject").is_some_and(|subject| subject.starts_with("Confirm your email"))
    }

    /// The first link in the text body starting with `prefix`.
    pub fn link(&self, prefix: &str) -> String {
        let text = self.text();
        let start = text.find(prefix).unwrap_or_else(|| panic!("no link starting {prefix} in:\n{text}"));
        text[start..].split_whitespace().next().unwrap_or_default().to_string()
    }
}

#[derive(Default)]
struct State {
    received: Vec<ReceivedEmail>,
    /// When set, every RCPT TO gets this reply, e.g. "550 5.1.1 no such user".
    rcpt_reply: Option<String>,
}

pub struct SmtpServer {
    pub port: u16,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        Self::start_on(0).await
    }

    pub async fn start_on(port: u16) -> SmtpServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("binding the SMTP server");
        let port = listener.local_addr().expect("address").port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve_session(stream, shared.clone()));
            }
        });
        SmtpServer { port, state, task }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn refuse_recipients_with(&self, reply: &str) {
        self.state.lock().expect("state").rcpt_reply = Some(reply.to_string());
    }

    /// Takes recipients again after [`Self::refuse_recipients_with`].
    pub fn accept_recipients(&self) {
        self.state.lock().expect("state").rcpt_reply = None;
    }

    /// Every email received but account confirmations, which the sign-up
    /// helpers cause in nearly every test (tests/verification.rs reads them
    /// with [`SmtpServer::received_with_confirmations`]).
    pub fn received(&self) -> Vec<ReceivedEmail> {
        self.received_with_confirmations().into_iter().filter(|e| !e.is_confirmation()).collect()
    }

    pub fn received_with_confirmations(&self) -> Vec<ReceivedEmail> {
        self.state.lock().expect("state").received.clone()
    }

    /// Waits until `count` emails have arrived; panics after 20 s.
    pub async fn wait_for(&self, count: usize) -> Vec<ReceivedEmail> {
        let started = Instant::now();
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "{} of {count} emails arrived", received.len());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve_session(stream: TcpStream, state: Arc<Mutex<State>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut envelope_to = Vec::new();
    let _ = write.write_all(b"220 test-smtp ESMTP\r\n").await;
    while let Ok(Some(line)) = lines.next_line().await {
        let command = line.to_ascii_uppercase();
        let reply = if command.starts_with("EHLO") || command.starts_with("HELO") {
            "250-test-smtp\r\n250 8BITMIME".to_string()
        } else if command.starts_with("RCPT TO") {
            let refusal = state.lock().expect("state").rcpt_reply.clone();
            refusal.unwrap_or_else(|| {
                envelope_to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                "250 OK".into()
            })
        } else if command.starts_with("DATA") {
            let _ = write.write_all(b"354 go ahead\r\n").await;
            let mut raw = String::new();
            while let Ok(Some(data_line)) = lines.next_line().await {
                if data_line == "." {
                    break;
                }
                raw.push_str(data_line.strip_prefix('.').filter(|_| data_line.starts_with("..")).unwrap_or(&data_line));
                raw.push_str("\r\n");
            }
            let email = ReceivedEmail { envelope_to: std::mem::take(&mut envelope_to), raw };
            state.lock().expect("state").received.push(email);
            "250 queued".into()
        } else if command.starts_with("QUIT") {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else if command.starts_with("MAIL") || command.starts_with("RSET") || command.starts_with("NOOP") {
            "250 OK".into()
        } else {
            "502 not implemented".into()
        };
        if write.write_all(format!("{reply}\r\n").as_bytes()).await.is_err() {
            return;
        }
    }
}
