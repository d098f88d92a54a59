//! The partner center's *Banners*: each of the group's banners with the HTML
//! to paste, linked to the partner's own tracking URL through its ad code.

use actix_web::{HttpResponse, web};

use super::pages::{PartnerBanner, PartnerBanners};
use super::queries;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::links::tracking_url;
use crate::partners::Partner;
use crate::web::Menu;
use crate::web::{AppError, render};

pub async fn index(
    partner: Partner,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (group, me) = (partner.partnership.group_id, partner.partnership.id);
    let found = db::transaction(&pool, move |conn| {
        let mut rows = Vec::new();
        for (banner, link_code) in queries::of_group(conn, group)? {
            let ad = queries::ad_code(conn, me, &banner)?;
            rows.push((banner, link_code, ad));
        }
        Ok(rows)
    })
    .await?;
    let base = config.base_url();
    let banners = found
        .into_iter()
        .map(|(banner, link_code, ad)| PartnerBanner {
            image_url: format!("{base}{}", banner.image_path()),
            tracking_url: tracking_url(&config, &link_code, &partner.partnership.code, Some(&ad)),
            banner,
        })
        .collect();
    render(&PartnerBanners { chrome: partner.chrome(Menu::Banners), banners })
}
