//! A vendor's website in miniature: one HTML page answered to every GET,
//! for journeys that land on the vendor's site.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub struct Site {
    pub url: String,
    task: JoinHandle<()>,
}

impl Site {
    pub async fn start(html: String) -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else { return };
                let html = html.clone();
                tokio::spawn(async move {
                    let mut request = [0u8; 8192];
                    let _ = socket.read(&mut request).await;
                    let response = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{html}",
                        html.len()
                    );
                    let _ = socket.write_all(response.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Site { url, task }
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A web server that answers one path with a text that can change while it
/// runs, and every other path with 404: a vendor's domain serving (or not
/// yet serving) its proof file.
pub struct FileSite {
    pub port: u16,
    body: std::sync::Arc<std::sync::Mutex<Option<String>>>,
    task: JoinHandle<()>,
}

impl FileSite {
    pub async fn start(path: &'static str) -> FileSite {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let body = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
        let served = body.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else { return };
                let served = served.lock().unwrap().clone();
                tokio::spawn(async move {
                    let mut request = [0u8; 8192];
                    let read = socket.read(&mut request).await.unwrap_or(0);
                    let head = String::from_utf8_lossy(&request[..read]);
                    let asked = head.split_whitespace().nth(1).unwrap_or_default();
                    let (status, text) = match served {
                        Some(text) if asked == path => ("200 OK", text),
                        _ => ("404 Not Found", "not found".to_string()),
                    };
                    let response = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                        text.len()
                    );
                    let _ = socket.write_all(response.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        FileSite { port, body, task }
    }

    pub fn serve(&self, text: &str) {
        *self.body.lock().unwrap() = Some(text.to_string());
    }
}

impl Drop for FileSite {
    fn drop(&mut self) {
        self.task.abort();
    }
}
