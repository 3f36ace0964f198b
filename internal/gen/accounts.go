package gen

import (
	"context"
	"fmt"

	"chanjiao/ent"
	"chanjiao/ent/account"
	ententerprise "chanjiao/ent/enterprise"
	"chanjiao/internal/auth"
	"chanjiao/internal/rule"
	"chanjiao/internal/seed"
)

// Accounts are the sign-ins a generated platform has, all with the demo
// password, so that the load benchmark can write: an administrator, and HR
// of the enterprise that posts the most.
var Accounts = []struct {
	Email string
	Role  account.Role
}{
	{"admin@scale.gen", account.RoleAdmin},
	{"hr@scale.gen", account.RoleEnterpriseHr},
}

// CreateAccounts adds Accounts to a generated platform.
func CreateAccounts(ctx context.Context, client *ent.Client) error {
	ctx = rule.System(ctx)
	// The Zipf law gives the first enterprise the most postings.
	first, err := client.Enterprise.Query().Order(ent.Asc(ententerprise.FieldID)).First(ctx)
	if err != nil {
		return fmt.Errorf("finding the enterprise for HR: %w", err)
	}
	for _, a := range Accounts {
		in := auth.Account{Email: a.Email, Password: seed.DemoPassword, Role: a.Role}
		if a.Role == account.RoleEnterpriseHr {
			in.EnterpriseID = first.ID
		}
		if _, err := auth.CreateAccount(ctx, client, in); err != nil {
			return fmt.Errorf("account %s: %w", a.Email, err)
		}
	}
	return nil
}
