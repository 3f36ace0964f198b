package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// A file of the shapes gqlgen generates: an object, a leaf field read from
// its struct (its marshaller reports nulls), a nullable one, one with its
// own middleware (a directive), a method, one whose marshaller keeps its
// context, one whose marshaller marshals a list (its elements' contexts
// hang from the field's), a list of objects, the root object, and Exec.
// The object T has a field of each kind, and the marshallers of a pointer
// to one.
const generated = `package graph

type executionContext struct {
	*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]
}

func (ec *executionContext) _T(ctx context.Context, sel ast.SelectionSet, obj *T) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, tImplementors)

	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	for i, field := range fields {
		switch field.Name {
		case "__typename":
			out.Values[i] = graphql.MarshalString("T")
		case "title":
			out.Values[i] = ec._T_title(ctx, field, obj)
			if out.Values[i] == graphql.Null {
				out.Invalids++
			}
		case "note":
			out.Values[i] = ec._T_note(ctx, field, obj)
		case "when":
			out.Values[i] = ec._T_when(ctx, field, obj)
			if out.Values[i] == graphql.Null {
				out.Invalids++
			}
		case "size":
			out.Values[i] = ec._T_size(ctx, field, obj)
		case "parent":
			out.Values[i] = ec._T_parent(ctx, field, obj)
		default:
			panic("unknown field " + strconv.Quote(field.Name))
		}
	}
	_ = deferred
	return out
}

func (ec *executionContext) marshalOT2ᚖT(ctx context.Context, sel ast.SelectionSet, v *T) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	return ec._T(ctx, sel, v)
}

func (ec *executionContext) marshalNT2ᚖT(ctx context.Context, sel ast.SelectionSet, v *T) graphql.Marshaler {
	if v == nil {
		if !graphql.HasFieldError(ctx, graphql.GetFieldContext(ctx)) {
			graphql.AddErrorf(ctx, "the requested element is null which the schema does not allow")
		}
		return graphql.Null
	}
	return ec._T(ctx, sel, v)
}

func (ec *executionContext) _Query(ctx context.Context, sel ast.SelectionSet) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, queryImplementors)

	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	for i, field := range fields {
		out.ResolveRootConcurrently(ctx, ec.OperationContext, i, true, true, func(ctx context.Context) graphql.Marshaler {
			return ec._Query_t(ctx, field)
		})
	}
	out.Dispatch(ctx)
	_ = deferred
	return out
}

func (ec *executionContext) _T_title(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_title(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Title, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v string) graphql.Marshaler {
			return ec.marshalNString2string(ctx, selections, v)
		},
		true, true)
}

func (ec *executionContext) fieldContext_T_title(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("T", field, false, false, "String")
}

func (ec *executionContext) _T_note(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_note(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Note, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *string) graphql.Marshaler {
			return ec.marshalOString2ᚖstring(ctx, selections, v)
		},
		true, false)
}

func (ec *executionContext) fieldContext_T_note(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("T", field, false, false, "String")
}

func (ec *executionContext) _T_parent(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_parent(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Parent, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *T) graphql.Marshaler {
			return ec.marshalOT2ᚖT(ctx, selections, v)
		},
		true, false)
}

func (ec *executionContext) fieldContext_T_parent(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object:     "T",
		Field:      field,
		IsMethod:   false,
		IsResolver: false,
		Child: func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.childFields_T(ctx, field)
		},
	}
	return fc, nil
}

func (ec *executionContext) _T_owner(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_owner(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Owner(ctx)
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *T) graphql.Marshaler {
			return ec.marshalOT2ᚖT(ctx, selections, v)
		},
		true, false)
}

func (ec *executionContext) fieldContext_T_owner(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object:     "T",
		Field:      field,
		IsMethod:   true,
		IsResolver: false,
		Child: func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.childFields_T(ctx, field)
		},
	}
	return fc, nil
}

func (ec *executionContext) _T_secret(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_title(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Secret, nil
		},
		func(ctx context.Context, next graphql.Resolver) graphql.Resolver {
			return ec.directives.Private(ctx, obj, next)
		},
		func(ctx context.Context, selections ast.SelectionSet, v string) graphql.Marshaler {
			return ec.marshalNString2string(ctx, selections, v)
		},
		true, true)
}

func (ec *executionContext) _T_count(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_count(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Count, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v int) graphql.Marshaler {
			return ec.marshalNInt2int(ctx, selections, v)
		},
		true, true)
}

func (ec *executionContext) fieldContext_T_count(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("T", field, true, false, "Int")
}

func (ec *executionContext) _T_at(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_title(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.At, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v Clock) graphql.Marshaler {
			return ec.marshalNClock2Clock(ctx, selections, v)
		},
		true, true)
}

func (ec *executionContext) _T_tags(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_title(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Tags, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v []Tag) graphql.Marshaler {
			return ec.marshalNTag2ᚕTagᚄ(ctx, selections, v)
		},
		true, true)
}

func (ec *executionContext) _T_when(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_title(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.When, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v time.Time) graphql.Marshaler {
			return ec.marshalNTime2timeᚐTime(ctx, selections, v)
		},
		true, true)
}

func (ec *executionContext) _T_kind(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_title(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Kind, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v t.Kind) graphql.Marshaler {
			return ec.marshalNKind2tᚐKind(ctx, selections, v)
		},
		true, true)
}

func (ec *executionContext) _T_size(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_title(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Size, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v float64) graphql.Marshaler {
			return ec.marshalNFloat2float64(ctx, selections, v)
		},
		true, true)
}

func (ec *executionContext) _T_ends(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_title(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Ends, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *time.Time) graphql.Marshaler {
			return ec.marshalOTime2ᚖtimeᚐTime(ctx, selections, v)
		},
		true, false)
}

func (ec *executionContext) marshalOTime2ᚖtimeᚐTime(ctx context.Context, sel ast.SelectionSet, v *time.Time) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	_ = sel
	_ = ctx
	res := scalar.MarshalTime(*v)
	return res
}

func (ec *executionContext) marshalNTime2timeᚐTime(ctx context.Context, sel ast.SelectionSet, v time.Time) graphql.Marshaler {
	_ = sel
	res := scalar.MarshalTime(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "Time!")
	}
	return res
}

func (ec *executionContext) marshalNKind2tᚐKind(ctx context.Context, sel ast.SelectionSet, v t.Kind) graphql.Marshaler {
	return v
}

func (ec *executionContext) marshalNFloat2float64(ctx context.Context, sel ast.SelectionSet, v float64) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalFloat(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "Float!")
	}
	return res
}

func (ec *executionContext) marshalNTag2ᚕTagᚄ(ctx context.Context, sel ast.SelectionSet, v []Tag) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		return v[i]
	})
	return ret
}

func (ec *executionContext) marshalNString2string(ctx context.Context, sel ast.SelectionSet, v string) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalString(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "String!")
	}
	return res
}

func (ec *executionContext) marshalOString2ᚖstring(ctx context.Context, sel ast.SelectionSet, v *string) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	_ = sel
	_ = ctx
	res := graphql.MarshalString(*v)
	return res
}

func (ec *executionContext) marshalNInt2int(ctx context.Context, sel ast.SelectionSet, v int) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalInt(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "Int!")
	}
	return res
}

func (ec *executionContext) marshalNClock2Clock(ctx context.Context, sel ast.SelectionSet, v Clock) graphql.Marshaler {
	return graphql.WrapContextMarshaler(ctx, v)
}

func (e *executableSchema) Exec(ctx context.Context) graphql.ResponseHandler {
	switch opCtx.Operation.Operation {
	case ast.Query:
		return func(ctx context.Context) *graphql.Response {
			var response graphql.Response
			var data graphql.Marshaler
			data = ec._Query(ctx, opCtx.Operation.SelectionSet)
			var buf bytes.Buffer
			data.MarshalGQL(&buf)
			response.Data = buf.Bytes()
			return &response
		}
	case ast.Mutation:
		return func(ctx context.Context) *graphql.Response {
			data := ec._Mutation(ctx, opCtx.Operation.SelectionSet)
			var buf bytes.Buffer
			data.MarshalGQL(&buf)
			return &graphql.Response{Data: buf.Bytes()}
		}
	case ast.Subscription:
		next := ec._Subscription(ctx, opCtx.Operation.SelectionSet)
		var buf bytes.Buffer
		return func(ctx context.Context) *graphql.Response {
			buf.Reset()
			next(ctx).MarshalGQL(&buf)
			return &graphql.Response{Data: buf.Bytes()}
		}
	}
	return nil
}

func (ec *executionContext) marshalNT2ᚕᚖTᚄ(ctx context.Context, sel ast.SelectionSet, v []*T) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		return ec._T(ctx, sel, v[i])
	})
	return ret
}

func (ec *executionContext) _E(ctx context.Context, sel ast.SelectionSet, obj *ent.E) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, eImplementors)

	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	for i, field := range fields {
		switch field.Name {
		case "maker":
			out.ResolveConcurrently(ec.OperationContext, &deferred, i,
				true, true,
				func(ctx context.Context) graphql.Marshaler {
					return ec._E_maker(ctx, field, obj)
				})
		case "helper":
			out.ResolveConcurrently(ec.OperationContext, &deferred, i,
				true, false,
				func(ctx context.Context) graphql.Marshaler {
					return ec._E_helper(ctx, field, obj)
				})
		}
	}
	out.Dispatch(ctx)
	return out
}

func (ec *executionContext) _E_maker(ctx context.Context, field graphql.CollectedField, obj *ent.E) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_E_maker(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Maker(ctx)
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *T) graphql.Marshaler {
			return ec.marshalNT2ᚖT(ctx, selections, v)
		},
		true, true)
}

func (ec *executionContext) fieldContext_E_maker(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object:     "E",
		Field:      field,
		IsMethod:   true,
		IsResolver: false,
		Child: func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.childFields_T(ctx, field)
		},
	}
	return fc, nil
}

func (ec *executionContext) _E_helper(ctx context.Context, field graphql.CollectedField, obj *ent.E) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_E_maker(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Helper(ctx)
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *T) graphql.Marshaler {
			return ec.marshalOT2ᚖT(ctx, selections, v)
		},
		true, false)
}

func (ec *executionContext) fieldContext_E_items(ctx context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object:     "E",
		Field:      field,
		IsMethod:   true,
		IsResolver: false,
	}
	ctx = graphql.WithFieldContext(ctx, fc)
	if fc.Args, err = ec.field_E_items_args(ctx, field.ArgumentMap(ec.Variables)); err != nil {
		ec.Error(ctx, err)
		return fc, err
	}
	return fc, nil
}
`

// edges are the fixture's edge methods returning their loaded node
// (edgeMethods): E's Maker, not its Helper.
var edges = map[string]bool{"E.Maker": true}

func TestRewrite(t *testing.T) {
	out, err := rewrite([]byte(generated), edges)
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{
		// The object: its fields collected through the operation's cache,
		// its group made only for deferred fields, its fields written by
		// the graph package's object.
		"\tcollected collectedFields\n\tchildren  childFuncs\n\tslabs     operationSlabs\n\targs      fieldArgs\n}",
		"fields := ec.collected.collect(ec.OperationContext, sel, tImplementors)",
		"deferred := deferredGroup(ctx, fields)",
		"out := ec.slabs.fieldSet(ec.OperationContext, fields)",
		"_ = deferred\n\treturn out\n}\n\n// _T_leaves is _T for",
		// The root object, whose fields are resolved through gqlgen's
		// FieldSet, written by the graph package's object.
		"out := graphql.NewFieldSet(fields)",
		"return object{fields, out.Values}",
		// Leaves marshalled where they are stored: a string, never null;
		// a pointer to one, when it is not nil; a time, when it is not
		// zero (a null takes gqlgen's path and is reported there); an
		// enum, by its own MarshalGQL.
		"(ret graphql.Marshaler) {\n\treturn (*scalar.StringAt)(&obj.Title)\n}",
		"if obj.Note != nil {\n\t\treturn (*scalar.StringAt)(obj.Note)\n\t}\n\treturn graphql.ResolveField(",
		"if !obj.When.IsZero() {\n\t\treturn (*scalar.TimeAt)(&obj.When)\n\t}\n\treturn graphql.ResolveField(",
		"(ret graphql.Marshaler) {\n\treturn &obj.Kind\n}",
		// A pointer to a time: neither nil nor zero (both write null).
		"if obj.Ends != nil && !obj.Ends.IsZero() {\n\t\treturn (*scalar.TimeAt)(obj.Ends)\n\t}\n\treturn graphql.ResolveField(",
		// A leaf of another scalar: the marshaller's own call, so that a
		// null takes gqlgen's path.
		"if m := graphql.MarshalFloat(obj.Size); m != graphql.Null {\n\t\treturn m\n\t}\n\treturn graphql.ResolveField(",
		// An object read from a struct field: made in its field context,
		// which is fieldContext_T_parent's literal, made with its context
		// in one allocation, a panic recovered as its error.
		"if v := obj.Parent; v != nil {\n\t\tif out := ec._T_leaves(field.Selections, v); out != nil {\n\t\t\treturn out\n\t\t}\n\t\tctx := ec.slabs.scope(ec.OperationContext, ctx, graphql.FieldContext{Object: \"T\", Field: field, IsMethod: false, IsResolver: false, Child: ec.children.get(0, func() childFunc { return ec.childFields_T })}, v)\n\t\tdefer func() {",
		"return ec.marshalOT2ᚖT(ctx, field.Selections, v)\n\t}\n\treturn graphql.ResolveField(",
		// A field context's Child: T's, made once an operation, not a
		// closure a field context.
		"IsResolver: false,\n\t\tChild:      ec.children.get(0, func() childFunc { return ec.childFields_T }),\n\t}",
		// A to-one edge read through its method: made as a struct
		// field's object when its node is loaded, and resolved at once by
		// its object then, unless deferred.
		"(ret graphql.Marshaler) {\n\tif v := obj.Edges.Maker; v != nil {\n\t\tif out := ec._T_leaves(field.Selections, v); out != nil {\n\t\t\treturn out\n\t\t}\n\t\tctx := ec.slabs.scope(ec.OperationContext, ctx, graphql.FieldContext{Object: \"E\", Field: field, IsMethod: true, IsResolver: false, Child: ec.children.get(0, func() childFunc { return ec.childFields_T })}, v)\n\t\tdefer func() {",
		"case \"maker\":\n\t\t\tif obj.Edges.Maker != nil && !field.IsDeferred() {\n\t\t\t\tout.Values[i] = ec._E_maker(ctx, field, obj)\n\t\t\t\tif out.Values[i] == graphql.Null {\n\t\t\t\t\tatomic.AddUint32(&out.Invalids, 1)\n\t\t\t\t}\n\t\t\t} else {\n\t\t\t\tout.ResolveConcurrently(",
		// An object of leaves only, marshalled by those fast paths
		// without a field context of its own: its leaves but a non-null
		// one whose value is null, which takes the object's own path,
		// where its error has its path; an object field given a fast
		// path, when its object is one of leaves too; any other field, or
		// a deferred one, takes the object's own path.
		"func (ec *executionContext) _T_leaves(sel ast.SelectionSet, obj *T) graphql.Marshaler {\n\tfields := ec.collected.collect(ec.OperationContext, sel, tImplementors)\n\tfor _, field := range fields {\n\t\tif field.IsDeferred() {\n\t\t\treturn nil\n\t\t}\n\t\tswitch field.Name {\n\t\tcase \"__typename\", \"title\", \"note\", \"parent\":\n\t\tcase \"when\":\n\t\t\tif obj.When.IsZero() {\n\t\t\t\treturn nil\n\t\t\t}\n\t\tdefault:\n\t\t\treturn nil\n\t\t}\n\t}\n\tout := ec.slabs.fieldSet(ec.OperationContext, fields)\n",
		"\t\tcase \"__typename\":\n\t\t\tout.Values[i] = graphql.MarshalString(\"T\")\n\t\tcase \"title\":\n\t\t\tout.Values[i] = (*scalar.StringAt)(&obj.Title)\n\t\tcase \"note\":\n\t\t\tif obj.Note != nil {\n\t\t\t\tout.Values[i] = (*scalar.StringAt)(obj.Note)\n\t\t\t} else {\n\t\t\t\tout.Values[i] = graphql.Null\n\t\t\t}\n\t\tcase \"when\":\n\t\t\tout.Values[i] = (*scalar.TimeAt)(&obj.When)\n\t\tcase \"parent\":\n\t\t\tif v := obj.Parent; v != nil {\n\t\t\t\tm := ec._T_leaves(field.Selections, v)\n\t\t\t\tif m == nil {\n\t\t\t\t\treturn nil\n\t\t\t\t}\n\t\t\t\tout.Values[i] = m\n\t\t\t} else {\n\t\t\t\tout.Values[i] = graphql.Null\n\t\t\t}\n\t\t}\n\t}\n\treturn out\n}",
		// A list of objects: its elements' leaves first, then its own
		// path.
		"if ret := leavesList(len(v), func(i int) graphql.Marshaler {\n\t\tif v[i] == nil {\n\t\t\treturn nil\n\t\t}\n\t\treturn ec._T_leaves(sel, v[i])\n\t}); ret != nil {\n\t\treturn ret\n\t}\n\tret := marshalSliceInOrder(",
		// A field's arguments, parsed once an operation.
		"if fc.Args, err = ec.args.parse(ec.OperationContext, field.Field, func() (map[string]any, error) {\n\t\treturn ec.field_E_items_args(ctx, field.ArgumentMap(ec.Variables))\n\t}); err != nil {",
		// Lists in order.
		"ret := marshalSliceInOrder(ctx, len(v), 0, false,",
		// A query's and a mutation's result written into the buffer the
		// server lends.
		"data = ec._Query(ctx, opCtx.Operation.SelectionSet)\n\t\t\tbuf := responseBuffer(ctx)\n\t\t\tdata.MarshalGQL(buf)\n",
		"data := ec._Mutation(ctx, opCtx.Operation.SelectionSet)\n\t\t\tbuf := responseBuffer(ctx)\n\t\t\tdata.MarshalGQL(buf)\n",
		// A subscription's buffer is its own, reused from one event to
		// the next.
		"next := ec._Subscription(ctx, opCtx.Operation.SelectionSet)\n\t\tvar buf bytes.Buffer\n",
		"next(ctx).MarshalGQL(&buf)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the rewrite has no\n%s\nin\n%s", want, got)
		}
	}
	if strings.Contains(got, "obj.Owner(ctx); v != nil") || strings.Contains(got, "obj.Edges.Owner") || strings.Contains(got, "obj.Edges.Helper") || strings.Count(got, "ec.slabs.scope(") != 2 {
		t.Errorf("a method's object is resolved outside ResolveField:\n%s", got)
	}
	for _, field := range []string{"Secret", "Count", "At", "Tags"} {
		if strings.Contains(got, "(obj."+field+")") || strings.Contains(got, "field.Selections, obj."+field+")") {
			t.Errorf("obj.%s is marshalled outside ResolveField:\n%s", field, got)
		}
	}
	if strings.Count(got, "ec.children.get(0,") != 5 || strings.Contains(got, "return ec.childFields_T(ctx, field)") {
		t.Errorf("want the Child of five field contexts (three, and the two copied into fast paths) kept by the operation, got\n%s", got)
	}
	if strings.Count(got, "_leaves(") != 5 || strings.Contains(got, "\"size\", ") || strings.Contains(got, "case \"size\":\n\t\t\tout.Values[i] = graphql") {
		t.Errorf("want one object of leaves, marshalled by the two fast paths, its list and its parent, without its float, got\n%s", got)
	}
	if strings.Count(got, "m != graphql.Null") != 1 || strings.Count(got, "graphql.ResolveField(") != 12 {
		t.Errorf("want eight fast paths, two of them without ResolveField, got\n%s", got)
	}
}

// TestRewriteRefusesOtherShapes: code of another shape fails the rewrite
// instead of leaving the executor as slow as before unnoticed.
func TestRewriteRefusesOtherShapes(t *testing.T) {
	for name, src := range map[string]string{
		"no leaf field":    strings.ReplaceAll(generated, "return obj.", "return ec.resolvers.T().X(ctx, obj), obj."),
		"no list":          strings.ReplaceAll(generated, "graphql.MarshalSliceConcurrently", "graphql.MarshalSlice"),
		"no object group":  strings.ReplaceAll(generated, "graphql.NewDeferredGroup(ctx)", "graphql.NewDeferredGroup(ctx, sel)"),
		"no object":        strings.ReplaceAll(generated, "return out\n", "return &out\n"),
		"no collection":    strings.ReplaceAll(generated, "CollectFields(ec.OperationContext, ", "CollectFields(ec, "),
		"no context type":  strings.ReplaceAll(generated, "type executionContext struct", "type executionState struct"),
		"no object field":  strings.ReplaceAll(generated, "return obj.Parent, nil", "return obj.Parent(), nil"),
		"no result buffer": strings.ReplaceAll(generated, "\t\t\tvar buf bytes.Buffer\n", "\t\t\tbuf := new(bytes.Buffer)\n"),
		"no Child closure": strings.ReplaceAll(generated, "return ec.childFields_T(ctx, field)", "return ec.childFields_T(ctx, field, 1)"),
		"no edge method":   strings.ReplaceAll(generated, "return obj.Maker(ctx)", "return obj.Maker(ctx, 1)"),
		"no arguments":     strings.ReplaceAll(generated, "field.ArgumentMap(ec.Variables)", "field.ArgumentMap(ec.Variables, 1)"),
		"no leaves object": strings.ReplaceAll(strings.ReplaceAll(generated, "return ec._T(ctx, sel, v)", "return ec._T(ctx, sel, v, 1)"), "return ec._T(ctx, sel, v[i])", "return ec._T(ctx, sel, v[i], 1)"),
		"no leaves list":   strings.ReplaceAll(generated, "return ec._T(ctx, sel, v[i])", "return ec._T(ctx, sel, v[i], 1)"),
		"no leaf case":     strings.ReplaceAll(generated, "\t\t\tout.Values[i] = ", "\t\t\tout.Values[i], _ = "),
	} {
		if _, err := rewrite([]byte(src), edges); err == nil {
			t.Errorf("%s: rewritten without an error", name)
		}
	}
}

// TestGeneratedExecutorIsRewritten: the committed executor is the rewritten
// one (go generate runs execgen after gqlgen).
func TestGeneratedExecutorIsRewritten(t *testing.T) {
	src, err := os.ReadFile("../../graph/generated.go")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(src), "graphql.MarshalSliceConcurrently(") || !strings.Contains(string(src), "return object{fields, out.Values}") {
		t.Fatal("graph/generated.go is gqlgen's output without execgen's rewrite: run go generate ./...")
	}
	if n := strings.Count(string(src), "return (*scalar.") + strings.Count(string(src), "return &obj."); n < 120 {
		t.Fatalf("only %d leaf fields are marshalled where they are stored", n)
	}
	if n := strings.Count(string(src), "ctx := ec.slabs.scope("); n < 20 {
		t.Fatalf("only %d object fields take the fast path", n)
	}
	if n := strings.Count(string(src), "_leaves(field.Selections, v); out != nil {"); n < 30 {
		t.Fatalf("only %d object and edge fields try their object's leaves first", n)
	}
	if n := strings.Count(string(src), "if ret := leavesList(len(v), func(i int) graphql.Marshaler {"); n < 10 {
		t.Fatalf("only %d lists of edges try their elements' leaves first", n)
	}
	if !strings.Contains(string(src), "m := ec._Internship_leaves(field.Selections, v)") {
		t.Fatal("an internship's edge does not try its node's leaves")
	}
	if !strings.Contains(string(src), "case \"enterprise\":\n\t\t\tv := obj.Edges.Enterprise\n\t\t\tif v == nil {\n\t\t\t\treturn nil\n\t\t\t}\n\t\t\tm := ec._Enterprise_leaves(field.Selections, v)") {
		t.Fatal("an internship does not try its loaded enterprise's leaves")
	}
	if n := strings.Count(string(src), "func (ec *executionContext) _Internship_leaves("); n != 1 {
		t.Fatalf("%d functions _Internship_leaves", n)
	}
	if n := strings.Count(string(src), "if v := obj.Edges."); n < 10 {
		t.Fatalf("only %d edges read through their method take the fast path", n)
	}
	if n := strings.Count(string(src), "ec.children.get("); n < 100 || regexp.MustCompile(`return ec\.childFields_\w+\(`).Match(src) {
		t.Fatalf("only %d field contexts' Child is kept by the operation", n)
	}
	if n := strings.Count(string(src), "out := ec.slabs.fieldSet(ec.OperationContext, fields)"); n < 40 {
		t.Fatalf("only %d objects are made as graph's fieldSet", n)
	}
	if n := strings.Count(string(src), "buf := responseBuffer(ctx)"); n != 2 {
		t.Fatalf("%d operations write their results into the lent buffer, want a query's and a mutation's", n)
	}
	if n := strings.Count(string(src), "ec.collected.collect("); n < 40 {
		t.Fatalf("only %d objects collect their fields through the operation's cache", n)
	}
}

// TestEdgeMethods: entgql's edge methods that return their eager-loaded
// node are found; a list edge, a method of another shape and a file
// without any are not.
func TestEdgeMethods(t *testing.T) {
	src := `package ent

func (_m *Internship) Enterprise(ctx context.Context) (*Enterprise, error) {
	result, err := _m.Edges.EnterpriseOrErr()
	if IsNotLoaded(err) {
		result, err = _m.QueryEnterprise().Only(ctx)
	}
	return result, err
}

func (_m *Internship) Programs(ctx context.Context, after *Cursor, first *int) (*ProgramConnection, error) {
	return nil, nil
}

func (_m *Internship) Region(ctx context.Context) (*Region, error) {
	result, err := _m.Edges.EnterpriseOrErr()
	return result, err
}

func (_m *Internship) Notes(ctx context.Context) ([]*Note, error) {
	result, err := _m.Edges.NotesOrErr()
	return result, err
}
`
	edges, err := edgeMethods([]byte(src))
	if err != nil || len(edges) != 1 || !edges["Internship.Enterprise"] {
		t.Fatalf("edges = %v, %v; want Internship.Enterprise", edges, err)
	}
	if _, err := edgeMethods([]byte("package ent\n")); err == nil {
		t.Error("a file without edge methods: no error")
	}
	real, err := os.ReadFile("../../ent/gql_edge.go")
	if err != nil {
		t.Fatal(err)
	}
	if edges, err := edgeMethods(real); err != nil || !edges["Internship.Enterprise"] || !edges["Event.OrganiserEnterprise"] || edges["Enterprise.Internships"] {
		t.Errorf("ent/gql_edge.go: %v, %v", edges, err)
	}
}
