package auth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"chanjiao"
	"chanjiao/ent/account"
	"chanjiao/ent/session"
	"chanjiao/internal/rule"
	"chanjiao/internal/testdb"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("chanjiao-demo")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id in PHC format", h)
	}
	if ok, err := CheckPassword(h, "chanjiao-demo"); !ok || err != nil {
		t.Fatalf("the right password fails: %v", err)
	}
	if ok, _ := CheckPassword(h, "chanjiao-Demo"); ok {
		t.Fatal("a wrong password passes")
	}
	if h2, _ := HashPassword("chanjiao-demo"); h2 == h {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	if _, err := CheckPassword("$2a$10$abc", "x"); err == nil {
		t.Fatal("a bcrypt hash is accepted as argon2id")
	}
}

// TestTokens: a token is 256 random bits stored only as its SHA-256; it
// stops working when it expires or is revoked.
func TestTokens(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		if _, err := CreateAccount(ctx, db.Client, Account{Email: "Admin@Example.CN", Password: "long enough", Role: account.RoleAdmin}); err != nil {
			t.Fatal(err)
		}
		s := New(db.Client, Config{TokenTTL: time.Hour})
		now := time.Now().Truncate(time.Second) // PostgreSQL keeps microseconds
		s.now = func() time.Time { return now }

		sess, err := s.Login(ctx, "admin@example.cn", "long enough", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		stored := db.Client.Session.Query().OnlyX(rule.System(ctx))
		sum := sha256.Sum256([]byte(sess.Token))
		if !bytes.Equal(stored.TokenHash, sum[:]) || bytes.Contains(stored.TokenHash, []byte(sess.Token)) {
			t.Fatal("the session does not store the token's SHA-256 (only)")
		}
		if !sess.ExpiresAt.Equal(now.Add(time.Hour)) {
			t.Fatalf("expires at %v", sess.ExpiresAt)
		}
		if v, err := s.Authenticate(ctx, sess.Token); err != nil || !v.Admin() {
			t.Fatalf("fresh token: %+v %v", v, err)
		}
		for _, bad := range []string{"", "cjt_", sess.Token + "x", strings.TrimPrefix(sess.Token, "cjt_")} {
			if _, err := s.Authenticate(ctx, bad); chanjiao.ErrorCode(err) != chanjiao.Unauthenticated {
				t.Errorf("token %q: %v", bad, err)
			}
		}

		now = now.Add(time.Hour)
		if _, err := s.Authenticate(ctx, sess.Token); chanjiao.ErrorCode(err) != chanjiao.Unauthenticated || !strings.Contains(err.Error(), "expired") {
			t.Fatalf("expired token: %v", err)
		}

		sess, err = s.Login(ctx, "ADMIN@example.cn", "long enough", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if n := db.Client.Session.Query().Where(session.ExpiresAtLT(now)).CountX(rule.System(ctx)); n != 0 {
			t.Fatalf("%d expired sessions kept after signing in again", n)
		}
		if err := s.Logout(ctx, sess.Token); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, sess.Token); chanjiao.ErrorCode(err) != chanjiao.Unauthenticated {
			t.Fatalf("revoked token: %v", err)
		}
	})
}

func TestThrottleWindow(t *testing.T) {
	th := newThrottle(time.Minute)
	now := time.Now()
	for range 5 {
		th.fail("k", now)
	}
	if th.blocked("k", 5, now) == 0 {
		t.Fatal("five failures do not block")
	}
	if th.blocked("k", 6, now) != 0 {
		t.Fatal("blocked below the limit")
	}
	if th.blocked("k", 5, now.Add(time.Minute)) != 0 {
		t.Fatal("still blocked after the window")
	}
	th.reset("k")
	if th.blocked("k", 5, now) != 0 {
		t.Fatal("blocked after a reset")
	}
}
