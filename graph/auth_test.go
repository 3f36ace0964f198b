package graph_test

import (
	"strings"
	"testing"

	"chanjiao/internal/seed"
	"chanjiao/internal/testdb"
)

const login = `mutation($email: String!, $password: String!) {
	login(email: $email, password: $password) { token expiresAt account { email role } }
}`

type loginResult struct {
	Login struct {
		Token, ExpiresAt string
		Account          struct{ Email, Role string }
	}
}

func TestLoginWithEveryDemoAccount(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db).as(nil)
		for email, role := range map[string]string{
			"admin@zibo.demo": "ADMIN", "bureau@zibo.demo": "BUREAU", "staff@zibo-vc.demo": "INSTITUTION_STAFF",
			"teacher@zibo-vc.demo": "TEACHER", "student@zibo-vc.demo": "STUDENT",
			"hr@rhein-koester.demo": "ENTERPRISE_HR", "hr@wonfull.demo": "ENTERPRISE_HR",
		} {
			var out loginResult
			e.must(t, login, &out, map[string]any{"email": strings.ToUpper(email[:1]) + email[1:], "password": seed.DemoPassword})
			if out.Login.Account.Email != email || out.Login.Account.Role != role || !strings.HasPrefix(out.Login.Token, "cjt_") || len(out.Login.Token) < 4+43 {
				t.Errorf("login as %s = %+v", email, out.Login)
			}
			v, err := e.auth.Authenticate(sys, out.Login.Token)
			if err != nil || string(v.Role) != role {
				t.Errorf("the token of %s authenticates as %+v, %v", email, v, err)
			}
		}
	})
}

// TestFailedSignInsLookAlikeAndAreThrottled: an unknown address and a wrong
// password get the same answer; after five failures the address is refused
// for a while, even with the right password.
func TestFailedSignInsLookAlikeAndAreThrottled(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db).as(nil)
		unknown := e.do(t, login, nil, map[string]any{"email": "nobody@zibo.demo", "password": "chanjiao-demo"})
		wrong := e.do(t, login, nil, map[string]any{"email": "hr@wonfull.demo", "password": "guess"})
		if len(unknown) != 1 || len(wrong) != 1 || unknown[0].Message != wrong[0].Message || unknown[0].Extensions != wrong[0].Extensions ||
			unknown[0].Extensions.Code != "UNAUTHENTICATED" {
			t.Fatalf("unknown address: %+v; wrong password: %+v", unknown, wrong)
		}
		for range 4 {
			e.do(t, login, nil, map[string]any{"email": "hr@wonfull.demo", "password": "guess"})
		}
		errs := e.do(t, login, nil, map[string]any{"email": "hr@wonfull.demo", "password": seed.DemoPassword})
		if len(errs) != 1 || errs[0].Extensions.Code != "RATE_LIMITED" {
			t.Fatalf("after five failures the right password got %+v, want RATE_LIMITED", errs)
		}
		// Another address from the same client is not held up.
		var out loginResult
		e.must(t, login, &out, map[string]any{"email": "hr@rhein-koester.demo", "password": seed.DemoPassword})
	})
}

func TestLogoutNeedsASignIn(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db).as(nil)
		errs := e.do(t, `mutation { logout }`, nil, nil)
		if len(errs) != 1 || errs[0].Extensions.Code != "UNAUTHENTICATED" {
			t.Fatalf("anonymous logout: %+v", errs)
		}
	})
}
