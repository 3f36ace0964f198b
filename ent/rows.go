package ent

import (
	"context"

	"entgo.io/ent/dialect/sql"
)

// Rows runs a read statement built with entgo.io/ent/dialect/sql through
// the client's driver, wrappers included (statement counting, metrics),
// which the generated QueryContext bypasses or refuses. For aggregates no
// generated query can express; the caller closes the rows.
func (c *Client) Rows(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows := &sql.Rows{}
	if err := c.driver.Query(ctx, query, args, rows); err != nil {
		return nil, err
	}
	return rows, nil
}
