-- Delivery caching: the next and the last embargo instant of published stories (max-age bounds and
-- Last-Modified of lists and feeds). updated_at and (status, published_at) are indexed already.
CREATE INDEX "articles_delivery_status_embargoed_until_idx" ON "articles"("status", "embargoed_until");
