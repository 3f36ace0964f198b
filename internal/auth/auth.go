// Package auth signs people in: accounts with argon2id password hashes,
// opaque bearer tokens stored only as SHA-256 hashes, expiring and
// revocable, and throttling of repeated failed sign-ins.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"chanjiao"
	"chanjiao/ent"
	"chanjiao/ent/account"
	"chanjiao/ent/session"
	"chanjiao/internal/rule"
	"chanjiao/internal/viewer"

	"entgo.io/ent/dialect/sql"
)

// Config tunes sign-in.
type Config struct {
	// TokenTTL is how long a token works after sign-in.
	TokenTTL time.Duration
	// MaxFailures is how many failed sign-ins an email address may have in
	// FailureWindow before it is refused until the window ends; a client
	// address may have four times as many (for all addresses together).
	MaxFailures   int
	FailureWindow time.Duration
}

// DefaultConfig is a day-long token and five failures per 15 minutes.
var DefaultConfig = Config{TokenTTL: 24 * time.Hour, MaxFailures: 5, FailureWindow: 15 * time.Minute}

// Service signs people in and out and recognises their tokens.
type Service struct {
	client   *ent.Client
	cfg      Config
	throttle *throttle
	now      func() time.Time
	dummy    string // a hash to check against for unknown addresses
}

// New returns a service over client.
func New(client *ent.Client, cfg Config) *Service {
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = DefaultConfig.TokenTTL
	}
	if cfg.MaxFailures <= 0 {
		cfg.MaxFailures = DefaultConfig.MaxFailures
	}
	if cfg.FailureWindow <= 0 {
		cfg.FailureWindow = DefaultConfig.FailureWindow
	}
	dummy, err := HashPassword("chanjiao: no such account")
	if err != nil {
		panic(err) // crypto/rand failed
	}
	return &Service{client: client, cfg: cfg, throttle: newThrottle(cfg.FailureWindow), now: time.Now, dummy: dummy}
}

// Session is a successful sign-in.
type Session struct {
	Token     string
	ExpiresAt time.Time
	Account   *ent.Account
}

// errBadCredentials is the one answer for an unknown address and a wrong
// password, so that sign-in does not tell which addresses exist.
var errBadCredentials = chanjiao.Errorf(chanjiao.Unauthenticated, "wrong email or password")

// Login checks the password of the account with the email and opens a
// session. clientAddr is the caller's network address, for throttling.
func (s *Service) Login(ctx context.Context, email, password, clientAddr string) (*Session, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.now()
	emailKey, addrKey := "email:"+email, "addr:"+clientAddr
	wait := max(s.throttle.blocked(emailKey, s.cfg.MaxFailures, now), s.throttle.blocked(addrKey, 4*s.cfg.MaxFailures, now))
	if wait > 0 {
		return nil, chanjiao.Errorf(chanjiao.RateLimited, "too many failed sign-ins; try again in %s", wait.Round(time.Second))
	}

	client := s.writer(ctx)
	sys := rule.System(ctx)
	acct, err := client.Account.Query().Where(account.Email(email)).Only(sys)
	hash := s.dummy
	switch {
	case err == nil:
		hash = acct.PasswordHash
	case !ent.IsNotFound(err):
		return nil, fmt.Errorf("reading the account: %w", err)
	}
	ok, err := CheckPassword(hash, password) // checked even for an unknown address: same time either way
	if err != nil {
		return nil, fmt.Errorf("checking the password: %w", err)
	}
	if acct == nil || !ok {
		s.throttle.fail(emailKey, now)
		s.throttle.fail(addrKey, now)
		return nil, errBadCredentials
	}
	s.throttle.reset(emailKey)

	token, hashed, err := newToken()
	if err != nil {
		return nil, err
	}
	expires := now.Add(s.cfg.TokenTTL)
	if _, err := client.Session.Delete().Where(session.AccountID(acct.ID), session.ExpiresAtLT(now)).Exec(sys); err != nil {
		return nil, fmt.Errorf("dropping expired sessions: %w", err)
	}
	if err := client.Session.Create().
		SetTokenHash(hashed).
		SetAccountID(acct.ID).
		SetCreatedAt(now).
		SetExpiresAt(expires).
		Exec(sys); err != nil {
		return nil, fmt.Errorf("opening the session: %w", err)
	}
	return &Session{Token: token, ExpiresAt: expires, Account: acct}, nil
}

// Logout revokes token.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return chanjiao.Errorf(chanjiao.Unauthenticated, "sign in first")
	}
	_, err := s.writer(ctx).Session.Delete().Where(session.TokenHash(hashToken(token))).Exec(rule.System(ctx))
	return err
}

// Authenticate returns the viewer a token stands for, or an
// UNAUTHENTICATED error for a malformed, unknown, revoked or expired token.
func (s *Service) Authenticate(ctx context.Context, token string) (*viewer.Viewer, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return nil, chanjiao.Errorf(chanjiao.Unauthenticated, "the token is not a Chanjiao token")
	}
	sys, hash := rule.System(ctx), hashToken(token)
	// The account of a live session, in one statement (every
	// authenticated request pays for it); why there is none is asked only
	// when there is none.
	a, err := s.client.Account.Query().
		Where(func(q *sql.Selector) {
			q.Where(sql.In(q.C(account.FieldID), sql.Select(session.FieldAccountID).From(sql.Table(session.Table)).
				Where(sql.And(sql.EQ(session.FieldTokenHash, hash), sql.GT(session.FieldExpiresAt, s.now())))))
		}).
		Only(sys)
	switch {
	case ent.IsNotFound(err):
		expired, err := s.client.Session.Query().Where(session.TokenHash(hash)).Exist(sys)
		if err != nil {
			return nil, fmt.Errorf("reading the session: %w", err)
		}
		if expired {
			return nil, chanjiao.Errorf(chanjiao.Unauthenticated, "the token has expired; sign in again")
		}
		return nil, chanjiao.Errorf(chanjiao.Unauthenticated, "the token is unknown or was revoked; sign in again")
	case err != nil:
		return nil, fmt.Errorf("reading the session: %w", err)
	}
	v := viewerOf(a)
	if v.InstitutionID == 0 && v.PersonID != 0 && (a.Role == account.RoleTeacher || a.Role == account.RoleStudent) {
		// A teacher's or student's institution is their person's.
		p, err := s.client.Person.Get(sys, v.PersonID)
		if err != nil {
			return nil, fmt.Errorf("reading the account's person: %w", err)
		}
		if p.InstitutionID != nil {
			v.InstitutionID = *p.InstitutionID
		}
	}
	return v, nil
}

// viewerOf is the viewer an account acts as.
func viewerOf(a *ent.Account) *viewer.Viewer {
	v := &viewer.Viewer{AccountID: a.ID, Role: a.Role}
	if a.RegionID != nil {
		v.RegionID = *a.RegionID
	}
	if a.InstitutionID != nil {
		v.InstitutionID = *a.InstitutionID
	}
	if a.EnterpriseID != nil {
		v.EnterpriseID = *a.EnterpriseID
	}
	if a.PersonID != nil {
		v.PersonID = *a.PersonID
	}
	return v
}

// writer is the client for writes: the request's transaction when there is
// one (a second connection would wait on its lock under SQLite).
func (s *Service) writer(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.client
}

// tokenPrefix marks Chanjiao tokens (and lets secret scanners find them).
const tokenPrefix = "cjt_"

// newToken returns a token of 256 random bits and its hash.
func newToken() (token string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// Account describes an account to create.
type Account struct {
	Email, Password string
	Role            account.Role
	RegionID        int
	InstitutionID   int
	EnterpriseID    int
	PersonID        int
}

// CreateAccount creates an account (there is no sign-up: accounts are made
// by the platform, such as the demo accounts).
func CreateAccount(ctx context.Context, client *ent.Client, a Account) (*ent.Account, error) {
	hash, err := HashPassword(a.Password)
	if err != nil {
		return nil, err
	}
	c := client.Account.Create().
		SetEmail(strings.ToLower(a.Email)).
		SetPasswordHash(hash).
		SetRole(a.Role)
	if a.RegionID != 0 {
		c.SetRegionID(a.RegionID)
	}
	if a.InstitutionID != 0 {
		c.SetInstitutionID(a.InstitutionID)
	}
	if a.EnterpriseID != 0 {
		c.SetEnterpriseID(a.EnterpriseID)
	}
	if a.PersonID != 0 {
		c.SetPersonID(a.PersonID)
	}
	return c.Save(rule.System(ctx))
}

type contextKey int

const (
	tokenKey contextKey = iota
	addrKey
)

// WithToken returns ctx carrying the request's bearer token (for logout).
func WithToken(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, tokenKey, token)
}

// Token returns the request's bearer token, or "".
func Token(ctx context.Context) string {
	t, _ := ctx.Value(tokenKey).(string)
	return t
}

// WithClientAddr returns ctx carrying the caller's network address.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, addrKey, addr)
}

// ClientAddr returns the caller's network address, or "".
func ClientAddr(ctx context.Context) string {
	a, _ := ctx.Value(addrKey).(string)
	return a
}
