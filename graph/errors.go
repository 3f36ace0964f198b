package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"

	"chanjiao"
	"chanjiao/ent"
	"chanjiao/internal/database"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// ErrorPresenter is the one place errors are classified for clients. Every
// error leaves with a stable extensions.code; what the application did not
// mean to show (SQL, driver and Go errors) leaves as INTERNAL with a
// generic message, and its detail is logged once, here.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		code, field, message := classify(ctx, err, gqlErr)
		if code == chanjiao.Internal && message == "" {
			log.ErrorContext(ctx, "internal error", "path", gqlErr.Path.String(), "error", err)
			message = "internal error"
		}
		return presented(gqlErr, code, field, message)
	}
}

// classify returns the code of err, the input field it is about (if any),
// and the message to show; an empty message keeps gqlErr's.
func classify(ctx context.Context, err error, gqlErr *gqlerror.Error) (code chanjiao.Code, field, message string) {
	var (
		appErr        *chanjiao.Error
		validationErr *ent.ValidationError
		notFoundErr   *ent.NotFoundError
	)
	if arg := argumentPath(ctx, gqlErr); arg != "" {
		// The error arose while reading an argument (a malformed ID, cursor
		// or time): its path continues past the field into the argument.
		// Scalar parsers' messages are Go's, so they are not shown.
		message := "is not a valid value"
		if errors.As(err, &appErr) {
			message = appErr.Message
		}
		return chanjiao.BadUserInput, arg, arg + ": " + message
	}
	switch {
	case errors.As(err, &appErr):
		return appErr.Code, appErr.Field, appErr.Error()
	case errors.As(err, &validationErr):
		// ent wraps a validator's error in its own message; a missing
		// required field or edge has nothing to unwrap.
		field = chanjiao.InputName(validationErr.Name)
		reason := "is required"
		if inner := errors.Unwrap(errors.Unwrap(validationErr)); inner != nil {
			reason = inner.Error()
		}
		return chanjiao.BadUserInput, field, field + ": " + reason
	case errors.As(err, &notFoundErr):
		return chanjiao.NotFound, "", "not found"
	case ent.IsConstraintError(err):
		return chanjiao.Conflict, "", "the change conflicts with existing data (a duplicate, or a reference in use)"
	case errors.Is(err, context.DeadlineExceeded), database.IsTimeout(err):
		return chanjiao.Unavailable, "", "the request took too long and was stopped; try again, or ask for less"
	case database.IsUnavailable(err):
		return chanjiao.Unavailable, "", "the database is not available right now; try again shortly"
	}
	if c, ok := gqlErr.Extensions["code"].(string); ok {
		switch c {
		case "INVALID_PAGINATION": // entgql's
			return chanjiao.BadUserInput, "", ""
		default: // gqlgen's own: GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, PERSISTED_QUERY_NOT_FOUND…
			return chanjiao.Code(c), "", ""
		}
	}
	if gqlErr.Err == nil {
		// Written as a GraphQL error by gqlgen or entgql for the client
		// (such as "passing both first and last"): the message is safe.
		return chanjiao.BadUserInput, "", ""
	}
	return chanjiao.Internal, "", ""
}

// argumentPath returns the argument part of gqlErr's path ("where.inRegion")
// when the error is about an argument of the current field, else "".
func argumentPath(ctx context.Context, gqlErr *gqlerror.Error) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return ""
	}
	fieldPath := fc.Path()
	if len(gqlErr.Path) <= len(fieldPath) {
		return ""
	}
	arg := gqlErr.Path[len(fieldPath):]
	return arg.String()
}

func presented(gqlErr *gqlerror.Error, code chanjiao.Code, field, message string) *gqlerror.Error {
	out := *gqlErr // the original may be shared (cached validation errors)
	if message != "" {
		out.Message = message
	}
	out.Extensions = map[string]any{"code": string(code)}
	if field != "" {
		out.Extensions["field"] = field
	}
	return &out
}

// Recover turns a panic in a resolver into an INTERNAL error for the client
// and logs it with its stack.
func Recover(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return chanjiao.Errorf(chanjiao.Internal, "internal error")
	}
}
