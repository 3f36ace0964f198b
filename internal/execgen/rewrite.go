package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"slices"
	"strings"
)

// listMarshaller is the graph package's sequential stand-in for
// graphql.MarshalSliceConcurrently, with the same parameters.
const listMarshaller = "marshalSliceInOrder"

// groupMaker is the graph package's function that makes an object's
// @defer group only when one of its fields is deferred.
const groupMaker = "deferredGroup"

// leavesLister is the graph package's function that marshals a list whose
// elements all take their leaves' path (ec._T_leaves), or returns nil.
const leavesLister = "leavesList"

// objectWriter is the graph package's type that writes an object's fields.
const objectWriter = "object"

// fieldSetMaker makes an object's fieldSet, which stands in for
// graphql.FieldSet and is written as the object, from the operation's
// chunks (the graph package's operationSlabs, executionContext's slabs).
const fieldSetMaker = "ec." + slabs + ".fieldSet"

// slabs is the executionContext's field, of the graph package's type
// operationSlabs, that makes the operation's objects and field scopes.
const slabs = "slabs"

// bufferLender is the graph package's function that returns the buffer an
// operation's result is written into: the one the server lent it, or a new
// one.
const bufferLender = "responseBuffer"

// fieldsCache is the executionContext's field, of the graph package's type
// collectedFields, that keeps the fields CollectFields collected for the
// operation.
const fieldsCache = "collected"

// childCache is the executionContext's field that keeps, for the
// operation, the Child function of each object type's field contexts,
// which the graph package's childFuncs makes once.
const childCache = "children"

// argsCache is the executionContext's field, of the graph package's type
// fieldArgs, that keeps the arguments of the operation's fields as parsed
// the first time.
const argsCache = "args"

// scopeMaker makes a field's context and the context.Context carrying it
// as one value (the graph package's fieldScope), from the operation's
// chunks.
const scopeMaker = "ec." + slabs + ".scope"

// edit replaces src[from:to] with text.
type edit struct {
	from, to int
	text     string
}

// rewrite returns gqlgen's generated executor src with the rewrites made.
// It fails when it finds nothing to rewrite: gqlgen then generates code of
// another shape, and this command has to be brought up to date rather than
// leave the executor silently slow.
func rewrite(src []byte, edges map[string]bool) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "generated.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	text := func(n ast.Node) string {
		return string(src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset])
	}
	funcs := map[string]*ast.FuncDecl{}
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
			funcs[fd.Name.Name] = fd
		}
	}

	var edits []edit
	var leaves, stored, lists, groups, objects, ownSets, collects, caches, objectFields, buffers, childs, edgeFields, argFields, leafObjects, leafLists int
	loaded := map[string]string{}      // the edge fields given a fast path: their function's name, its condition
	stores := map[string]storedValue{} // the leaf fields marshalled where they are stored, by their function's name
	targets := map[string]bool{}       // the objects the fast paths of object and edge fields and lists marshal, by their function's name
	nested := map[string]objectValue{} // the object fields given a fast path, by their function's name
	children := map[string]int{}       // the object types' childFields_T methods, numbered
	contextEnd := -1
	for _, d := range file.Decls {
		if st, ok := executionContextType(d); ok {
			contextEnd = fset.Position(st.Fields.Closing).Offset
			caches++
		}
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		if isObject(fd) {
			call := fd.Body.List[0].(*ast.AssignStmt).Rhs[0].(*ast.CallExpr)
			if len(call.Args) == 3 && text(call.Args[0]) == "ec.OperationContext" {
				edits = append(edits, edit{fset.Position(call.Fun.Pos()).Offset, fset.Position(call.Fun.End()).Offset, "ec." + fieldsCache + ".collect"})
				collects++
			}
		}
		if marshal, v, ok := leafField(fd, funcs, text); ok {
			ret := fd.Body.List[0]
			at := fset.Position(ret.Pos()).Offset
			ptr, cond, ok := storedLeaf(marshal, funcs)
			if ok {
				args, _, _ := structField(fd)
				stores[fd.Name.Name] = storedValue{expand(ptr, v), expand(cond, v), isIdent(args[8], "true")}
			}
			switch {
			case ok && cond == "":
				edits = append(edits, edit{at, fset.Position(ret.End()).Offset, "return " + expand(ptr, v)})
				stored++
			case ok:
				edits = append(edits, edit{at, at, fmt.Sprintf("if %s {\n\t\treturn %s\n\t}\n\t", expand(cond, v), expand(ptr, v))})
				stored++
			default:
				edits = append(edits, edit{at, at, fmt.Sprintf("if m := %s; m != graphql.Null {\n\t\treturn m\n\t}\n\t", expand(marshal, v))})
			}
			leaves++
		}
		if isFieldContext(fd) {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				kv, ok := n.(*ast.KeyValueExpr)
				if !ok {
					return true
				}
				if repl, ok := childField(kv, children); ok {
					edits = append(edits, edit{fset.Position(kv.Value.Pos()).Offset, fset.Position(kv.Value.End()).Offset, repl})
					childs++
				}
				return false
			})
			if call, ok := parsedArgs(fd); ok {
				edits = append(edits, edit{fset.Position(call.Pos()).Offset, fset.Position(call.End()).Offset,
					fmt.Sprintf("ec.%s.parse(ec.OperationContext, field.Field, func() (map[string]any, error) {\n\t\treturn %s\n\t})", argsCache, text(call))})
				argFields++
			}
		}
		if fast, ok := objectField(fd, funcs, text, children, targets); ok {
			at := fset.Position(fd.Body.List[0].Pos()).Offset
			edits = append(edits, edit{at, at, fast})
			objectFields++
			args, sel, _ := structField(fd)
			if object, ok := fieldObject(args, funcs); ok {
				nested[fd.Name.Name] = objectValue{object, text(sel), isIdent(args[8], "true"), false}
			}
		}
		if stmt, object, ok := objectList(fd, funcs); ok {
			at := fset.Position(stmt.Pos()).Offset
			edits = append(edits, edit{at, at, fmt.Sprintf(`if ret := %s(len(v), func(i int) graphql.Marshaler {
		if v[i] == nil {
			return nil
		}
		return ec.%s_leaves(sel, v[i])
	}); ret != nil {
		return ret
	}
	`, leavesLister, object)})
			targets[object] = true
			leafLists++
		}
		if fast, cond, ok := edgeField(fd, funcs, text, children, edges, targets); ok {
			at := fset.Position(fd.Body.List[0].Pos()).Offset
			edits = append(edits, edit{at, at, fast})
			loaded[fd.Name.Name] = cond
			edgeFields++
			args := fd.Body.List[0].(*ast.ReturnStmt).Results[0].(*ast.CallExpr).Args
			if object, ok := fieldObject(args, funcs); ok {
				nested[fd.Name.Name] = objectValue{object, strings.TrimSuffix(cond, " != nil"), isIdent(args[8], "true"), true}
			}
		}
		if ret, ok := objectReturn(fd); ok {
			if call, ok := ownFieldSet(fd); ok {
				edits = append(edits, edit{fset.Position(call.Fun.Pos()).Offset, fset.Position(call.End()).Offset, fieldSetMaker + "(ec.OperationContext, " + text(call.Args[0]) + ")"})
				ownSets++
			} else {
				edits = append(edits, edit{fset.Position(ret.Pos()).Offset, fset.Position(ret.End()).Offset, "return " + objectWriter + "{fields, out.Values}"})
			}
			objects++
		}
		if call, ok := deferredGroup(fd); ok {
			edits = append(edits, edit{fset.Position(call.Pos()).Offset, fset.Position(call.End()).Offset, groupMaker + "(ctx, fields)"})
			groups++
		}
		for _, e := range lentBuffers(fd, fset) {
			edits = append(edits, e)
			buffers++
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if ok && isSelector(call.Fun, "graphql", "MarshalSliceConcurrently") {
				edits = append(edits, edit{fset.Position(call.Fun.Pos()).Offset, fset.Position(call.Fun.End()).Offset, listMarshaller})
				lists++
			}
			return true
		})
	}
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && isObject(fd) {
			for _, e := range loadedCases(fd, fset, text, loaded) {
				edits = append(edits, e)
			}
			if targets[fd.Name.Name] {
				leavesFunc, ok := leafObject(fd, text, stores, nested)
				if !ok {
					return nil, fmt.Errorf("%s: an object marshalled by a fast path whose fields are not as expected: has gqlgen changed what it generates?", fd.Name.Name)
				}
				end := fset.Position(fd.End()).Offset
				edits = append(edits, edit{end, end, "\n\n" + leavesFunc})
				leafObjects++
			}
		}
	}
	if contextEnd >= 0 {
		edits = append(edits, edit{contextEnd, contextEnd, fmt.Sprintf("\t%s collectedFields\n\t%s childFuncs\n\t%s operationSlabs\n\t%s fieldArgs\n", fieldsCache, childCache, slabs, argsCache)})
	}
	for _, found := range []struct {
		what string
		n    int
	}{
		{"leaf field resolved through graphql.ResolveField", leaves},
		{"leaf field of a scalar marshalled where it is stored (graph/scalar/at.go)", stored},
		{"call of graphql.MarshalSliceConcurrently", lists},
		{"object's graphql.NewDeferredGroup", groups},
		{"object returning its graphql.FieldSet", objects},
		{"object whose graphql.FieldSet is resolved and dispatched as graph's fieldSet can be", ownSets},
		{"object collecting its fields with graphql.CollectFields(ec.OperationContext, …)", collects},
		{"type executionContext struct", caches},
		{"object field read from a struct field through graphql.ResolveField", objectFields},
		{"field context whose Child is a closure calling ec.childFields_T", childs},
		{"edge read through its method (ent/gql_edge.go) by graphql.ResolveField", edgeFields},
		{"query's and mutation's result written into a bytes.Buffer of their own", buffers},
		{"field context parsing its arguments with ec.field_T_f_args(ctx, field.ArgumentMap(ec.Variables))", argFields},
		{"object marshalled by a fast path, given one for its leaves (ec._T_leaves)", leafObjects},
		{"list of pointers to objects marshalled by graphql.MarshalSliceConcurrently, given a path for its elements' leaves", leafLists},
	} {
		if found.n == 0 {
			return nil, fmt.Errorf("no %s: has gqlgen changed what it generates?", found.what)
		}
	}

	slices.SortFunc(edits, func(a, b edit) int { return b.from - a.from })
	out := bytes.Clone(src)
	for _, e := range edits {
		out = slices.Concat(out[:e.from], []byte(e.text), out[e.to:])
	}
	return format.Source(out)
}

// lentBuffers returns the edits that make the executor write the result of
// a query or a mutation into the buffer the server lends it (graph's
// responseBuffer) rather than into a bytes.Buffer of its own, grown from
// nothing for every response. In gqlgen's Exec, each of the two is a case
// of the operation's kind whose response handler declares
//
//	var buf bytes.Buffer
//	data.MarshalGQL(&buf)
//
// and hands out buf.Bytes() as the response's data.
func lentBuffers(fd *ast.FuncDecl, fset *token.FileSet) []edit {
	if fd.Name.Name != "Exec" || fd.Recv == nil || len(fd.Recv.List) != 1 {
		return nil
	}
	if star, ok := fd.Recv.List[0].Type.(*ast.StarExpr); !ok || !isIdent(star.X, "executableSchema") {
		return nil
	}
	offset := func(p token.Pos) int { return fset.Position(p).Offset }
	var edits []edit
	var decls, uses int
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		cc, ok := n.(*ast.CaseClause)
		if !ok || len(cc.List) != 1 || !(isSelector(cc.List[0], "ast", "Query") || isSelector(cc.List[0], "ast", "Mutation")) {
			return true
		}
		ast.Inspect(cc, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.DeclStmt:
				gd, ok := n.Decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
					return true
				}
				vs := gd.Specs[0].(*ast.ValueSpec)
				if len(vs.Names) == 1 && vs.Names[0].Name == "buf" && len(vs.Values) == 0 && isSelector(vs.Type, "bytes", "Buffer") {
					edits = append(edits, edit{offset(n.Pos()), offset(n.End()), "buf := " + bufferLender + "(ctx)"})
					decls++
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND && isIdent(n.X, "buf") {
					edits = append(edits, edit{offset(n.Pos()), offset(n.End()), "buf"})
					uses++
				}
			}
			return true
		})
		return false
	})
	// Each declaration with its use, or nothing.
	if decls != uses {
		return nil
	}
	return edits
}

// leafField reports whether fd is the executor's function for a field that
// is a plain struct field of a leaf type, and if so the expression that
// marshals its value in the object's context (with $v for the value) and
// the struct field it reads (obj.F). Such a function is one statement:
//
//	return graphql.ResolveField(ctx, ec.OperationContext, field,
//		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
//			return ec.fieldContext_T_f(ctx, field) // graphql.NewScalarFieldContext(…, false, false, …)
//		},
//		func(ctx context.Context) (any, error) { return obj.F, nil },
//		nil, // no middleware of its own (directives)
//		func(ctx context.Context, selections ast.SelectionSet, v V) graphql.Marshaler {
//			return ec.marshalX(ctx, selections, v) // not a context marshaller
//		},
//		…)
func leafField(fd *ast.FuncDecl, funcs map[string]*ast.FuncDecl, text func(ast.Node) string) (marshal, v string, ok bool) {
	args, sel, ok := structField(fd)
	if !ok {
		return "", "", false
	}

	// The field context: a scalar's, neither a method nor a resolver.
	fcName, ok := calledMethod(args[3])
	if !ok || funcs[fcName] == nil || len(funcs[fcName].Body.List) != 1 {
		return "", "", false
	}
	fc, ok := returned(funcs[fcName].Body.List[0])
	if !ok || !isSelector(fc.Fun, "graphql", "NewScalarFieldContext") || len(fc.Args) != 5 ||
		!isIdent(fc.Args[2], "false") || !isIdent(fc.Args[3], "false") {
		return "", "", false
	}

	// A marshaller that can be called in the object's context.
	name, ok := calledMethod(args[6])
	if !ok || funcs[name] == nil {
		return "", "", false
	}
	marshal, ok = marshaller(funcs[name], text)
	if !ok {
		return "", "", false
	}
	return marshal, text(sel), true
}

// storedScalars are the scalars' marshallers whose graph/scalar …At type
// writes the same from a pointer to the value, and, for those that write a
// null for some values, the condition under which they write a value.
var storedScalars = map[string]struct{ at, value string }{
	"graphql.MarshalString":  {at: "scalar.StringAt"},
	"graphql.MarshalInt":     {at: "scalar.IntAt"},
	"graphql.MarshalBoolean": {at: "scalar.BooleanAt"},
	"scalar.MarshalID":       {at: "scalar.IDAt"},
	"scalar.MarshalTime":     {at: "scalar.TimeAt", value: "!$v.IsZero()"},
}

// storedLeaf reports whether the leaf value $v that marshal (as marshaller
// gives it) marshals can be marshalled where it is stored, and if so the
// Marshaler that does (a pointer, which costs no allocation in an
// interface) and the condition under which it stands for marshal ("" for
// always; otherwise marshal writes null, which takes gqlgen's path):
//
//   - a scalar in storedScalars: (*scalar.StringAt)(&$v);
//   - an enum or a cursor, whose marshaller is `return v` (a value whose
//     MarshalGQL has a value receiver, which its pointer has too): &$v;
//   - a pointer to a scalar in storedScalars, whose marshaller writes null
//     for nil and the scalar's marshaller of *v otherwise:
//     (*scalar.IDAt)($v) when $v != nil.
func storedLeaf(marshal string, funcs map[string]*ast.FuncDecl) (ptr, cond string, ok bool) {
	if fn, ok := strings.CutSuffix(marshal, "($v)"); ok {
		s, ok := storedScalars[fn]
		return "(*" + s.at + ")(&$v)", s.value, ok
	}
	name, ok := strings.CutPrefix(marshal, "ec.")
	if !ok {
		return "", "", false
	}
	name, ok = strings.CutSuffix(name, "(ctx, field.Selections, $v)")
	fd := funcs[name]
	if !ok || fd == nil || len(fd.Type.Params.List) != 3 || len(fd.Type.Params.List[2].Names) != 1 || fd.Type.Params.List[2].Names[0].Name != "v" {
		return "", "", false
	}
	stmts := fd.Body.List
	switch fd.Type.Params.List[2].Type.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr:
		if len(stmts) == 1 {
			if ret, ok := stmts[0].(*ast.ReturnStmt); ok && len(ret.Results) == 1 && isIdent(ret.Results[0], "v") {
				return "&$v", "", true
			}
		}
		return "", "", false
	case *ast.StarExpr:
	default:
		return "", "", false
	}

	// if v == nil { return graphql.Null }; _ = sel; _ = ctx; res := f(*v); return res
	if len(stmts) < 3 {
		return "", "", false
	}
	check, ok := stmts[0].(*ast.IfStmt)
	if !ok || check.Init != nil || check.Else != nil || len(check.Body.List) != 1 {
		return "", "", false
	}
	if cond, ok := check.Cond.(*ast.BinaryExpr); !ok || cond.Op != token.EQL || !isIdent(cond.X, "v") || !isIdent(cond.Y, "nil") {
		return "", "", false
	}
	if ret, ok := check.Body.List[0].(*ast.ReturnStmt); !ok || len(ret.Results) != 1 || !isSelector(ret.Results[0], "graphql", "Null") {
		return "", "", false
	}
	if ret, ok := stmts[len(stmts)-1].(*ast.ReturnStmt); !ok || len(ret.Results) != 1 || !isIdent(ret.Results[0], "res") {
		return "", "", false
	}
	var call *ast.CallExpr
	for _, stmt := range stmts[1 : len(stmts)-1] {
		assign, ok := stmt.(*ast.AssignStmt)
		if !ok || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
			return "", "", false
		}
		switch {
		case isIdent(assign.Lhs[0], "_"):
		case isIdent(assign.Lhs[0], "res") && assign.Tok == token.DEFINE && call == nil:
			call, ok = assign.Rhs[0].(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return "", "", false
			}
			if star, ok := call.Args[0].(*ast.StarExpr); !ok || !isIdent(star.X, "v") {
				return "", "", false
			}
		default:
			return "", "", false
		}
	}
	if call == nil {
		return "", "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return "", "", false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return "", "", false
	}
	s, ok := storedScalars[pkg.Name+"."+sel.Sel.Name]
	if !ok {
		return "", "", false
	}
	cond = "$v != nil"
	if s.value != "" {
		cond += " && " + s.value
	}
	return "(*" + s.at + ")($v)", cond, true
}

// expand is template with v for $v.
func expand(template, v string) string {
	return strings.ReplaceAll(template, "$v", v)
}

// objectField reports whether fd is the executor's function for a field
// that is a plain struct field holding a pointer to an object (an edge's
// node), and if so the statements to put before its ResolveField: when the
// pointer is not nil, they make the field's context as ResolveField does
// (its field context, with the value as its result, recovering a panic as
// the field's error when asked to) and marshal the object in it, without
// ResolveField's closures and middleware. The field context is the
// literal its fieldContext_T_f makes, made with the context that carries
// it as one value (graph's fieldScope, from the operation's chunks). A nil takes gqlgen's
// path. fd is
//
//	return graphql.ResolveField(ctx, ec.OperationContext, field,
//		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
//			return ec.fieldContext_T_f(ctx, field) // &graphql.FieldContext{…, IsMethod: false, IsResolver: false, …}
//		},
//		func(ctx context.Context) (any, error) { return obj.F, nil },
//		nil,
//		func(ctx context.Context, selections ast.SelectionSet, v *V) graphql.Marshaler {
//			return ec.marshalX(ctx, selections, v)
//		},
//		recoverFromPanic, nonNull)
func objectField(fd *ast.FuncDecl, funcs map[string]*ast.FuncDecl, text func(ast.Node) string, children map[string]int, targets map[string]bool) (string, bool) {
	args, sel, ok := structField(fd)
	if !ok {
		return "", false
	}
	return fastObject(args, funcs, text, children, targets, text(sel), "IsMethod", "false")
}

// fastObject gives the statements of objectField and edgeField, for the
// arguments of the field's ResolveField: when v, the value (an expression
// read without a call), is not nil, they make the field's context, the
// literal its fieldContext_T_f makes, which must not be a resolver and
// have the key given the value given, and marshal the object in it.
func fastObject(args []ast.Expr, funcs map[string]*ast.FuncDecl, text func(ast.Node) string, children map[string]int, targets map[string]bool, v, key, value string) (string, bool) {
	// The field context: an object's, not a resolver.
	fcName, ok := calledMethod(args[3])
	if !ok || funcs[fcName] == nil || len(funcs[fcName].Body.List) != 2 {
		return "", false
	}
	assign, ok := funcs[fcName].Body.List[0].(*ast.AssignStmt)
	if !ok || len(assign.Rhs) != 1 {
		return "", false
	}
	lit, ok := assign.Rhs[0].(*ast.UnaryExpr)
	if !ok {
		return "", false
	}
	fc, ok := lit.X.(*ast.CompositeLit)
	if !ok || !isSelector(fc.Type, "graphql", "FieldContext") {
		return "", false
	}
	plain := 0
	elts := make([]string, len(fc.Elts))
	for i, e := range fc.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return "", false
		}
		if isIdent(kv.Key, key) && isIdent(kv.Value, value) || isIdent(kv.Key, "IsResolver") && isIdent(kv.Value, "false") {
			plain++
		}
		elts[i] = text(kv)
		if child, ok := childField(kv, children); ok {
			elts[i] = text(kv.Key) + ": " + child
		}
	}
	if plain != 2 {
		return "", false
	}

	// The marshaller, of a pointer: `return ec.marshalX(ctx, selections, v)`.
	marshal, ok := args[6].(*ast.FuncLit)
	if !ok || len(marshal.Type.Params.List) != 3 || len(marshal.Body.List) != 1 {
		return "", false
	}
	if _, ok := marshal.Type.Params.List[2].Type.(*ast.StarExpr); !ok {
		return "", false
	}
	name, ok := calledMethod(marshal)
	if !ok {
		return "", false
	}
	m, _ := returned(marshal.Body.List[0])
	if len(m.Args) != 3 || !isIdent(m.Args[0], "ctx") || !isIdent(m.Args[1], "selections") || !isIdent(m.Args[2], "v") {
		return "", false
	}

	var recovery string
	switch {
	case isIdent(args[7], "true"):
		recovery = `
		defer func() {
			if r := recover(); r != nil {
				ec.OperationContext.Error(ctx, ec.OperationContext.Recover(ctx, r))
				ret = graphql.Null
			}
		}()`
	case !isIdent(args[7], "false"):
		return "", false
	}
	var leaves string
	if object, ok := fieldObject(args, funcs); ok {
		targets[object] = true
		leaves = fmt.Sprintf(`
		if out := ec.%s_leaves(field.Selections, v); out != nil {
			return out
		}`, object)
	}
	return fmt.Sprintf(`if v := %s; v != nil {%s
		ctx := %s(ec.OperationContext, ctx, graphql.FieldContext{%s}, v)%s
		return ec.%s(ctx, field.Selections, v)
	}
	`, v, leaves, scopeMaker, strings.Join(elts, ", "), recovery, name), true
}

// fieldObject is the object function (_T) the marshaller of the
// ResolveField arguments args ends by calling (objectOf).
func fieldObject(args []ast.Expr, funcs map[string]*ast.FuncDecl) (string, bool) {
	name, ok := calledMethod(args[6])
	if !ok {
		return "", false
	}
	return objectOf(funcs[name], funcs)
}

// objectList reports whether fd marshals a list of pointers to objects,
// v []*T, through graphql.MarshalSliceConcurrently with each element's
// object function (_T) or a marshaller ending by calling it, and if so
// the statement that calls MarshalSliceConcurrently, before which its
// elements' leaves' path goes, and the object function.
func objectList(fd *ast.FuncDecl, funcs map[string]*ast.FuncDecl) (ast.Stmt, string, bool) {
	params := fd.Type.Params.List
	if fd.Recv == nil || len(params) != 3 || len(params[1].Names) != 1 || params[1].Names[0].Name != "sel" || len(params[2].Names) != 1 || params[2].Names[0].Name != "v" {
		return nil, "", false
	}
	list, ok := params[2].Type.(*ast.ArrayType)
	if !ok || list.Len != nil {
		return nil, "", false
	}
	if _, ok := list.Elt.(*ast.StarExpr); !ok {
		return nil, "", false
	}
	for _, stmt := range fd.Body.List {
		assign, ok := stmt.(*ast.AssignStmt)
		if !ok || len(assign.Lhs) != 1 || !isIdent(assign.Lhs[0], "ret") || len(assign.Rhs) != 1 {
			continue
		}
		call, ok := assign.Rhs[0].(*ast.CallExpr)
		if !ok || !isSelector(call.Fun, "graphql", "MarshalSliceConcurrently") || len(call.Args) != 5 {
			return nil, "", false
		}
		lit, ok := call.Args[4].(*ast.FuncLit)
		if !ok || len(lit.Body.List) == 0 {
			return nil, "", false
		}
		element, ok := returned(lit.Body.List[len(lit.Body.List)-1])
		if !ok || len(element.Args) != 3 || !isIdent(element.Args[0], "ctx") || !isIdent(element.Args[1], "sel") {
			return nil, "", false
		}
		if at, ok := element.Args[2].(*ast.IndexExpr); !ok || !isIdent(at.X, "v") || !isIdent(at.Index, "i") {
			return nil, "", false
		}
		sel, ok := element.Fun.(*ast.SelectorExpr)
		if !ok || !isIdent(sel.X, "ec") || funcs[sel.Sel.Name] == nil {
			return nil, "", false
		}
		if isObject(funcs[sel.Sel.Name]) {
			return stmt, sel.Sel.Name, true
		}
		object, ok := objectOf(funcs[sel.Sel.Name], funcs)
		return stmt, object, ok
	}
	return nil, "", false
}

// objectOf is the object function (_T) the marshaller fd of a pointer to
// an object ends by calling, `return ec._T(ctx, sel, v)`.
func objectOf(fd *ast.FuncDecl, funcs map[string]*ast.FuncDecl) (string, bool) {
	if fd == nil || len(fd.Body.List) == 0 {
		return "", false
	}
	call, ok := returned(fd.Body.List[len(fd.Body.List)-1])
	if !ok || len(call.Args) != 3 || !isIdent(call.Args[0], "ctx") || !isIdent(call.Args[1], "sel") || !isIdent(call.Args[2], "v") {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !isIdent(sel.X, "ec") || funcs[sel.Sel.Name] == nil || !isObject(funcs[sel.Sel.Name]) {
		return "", false
	}
	return sel.Sel.Name, true
}

// objectValue is an object field given a fast path (objectField, or
// edgeField's for a loaded edge): the object function of its value, the
// value's expression, whether the field is non-null, and whether the
// value is an edge loaded with its node (a nil one is not a null: its
// method loads it).
type objectValue struct {
	object, v       string
	nonNull, loaded bool
}

// storedValue is a leaf field's value marshalled where it is stored
// (storedLeaf, with the value's expression): the Marshaler, the condition
// under which it stands for the value ("" for always; otherwise the value
// is null) and whether the field is non-null.
type storedValue struct {
	ptr, cond string
	nonNull   bool
}

// leafObject gives the function _T_leaves for the object function fd (_T):
// when every field the selection set collects for the object is a leaf
// marshalled where it is stored, __typename, an object field given a fast
// path (nested) whose object is one of leaves too, or a to-one edge
// loaded with the node whose object is, and none is deferred nor a null
// in a non-null field, it makes the object's field set and its values
// and returns it; otherwise it returns nil, and the object takes its own
// path. Such an object needs no field context of its own — no field below
// it resolves, fails or asks for its path — so the fast paths of object
// and edge fields (fastObject) try it before they make one, and a list of
// such objects (objectList, graph's leavesList) before it makes one for
// each element. A null in a non-null field needs its path for its error,
// and an edge not loaded its method, so both take the object's own path.
func leafObject(fd *ast.FuncDecl, text func(ast.Node) string, stores map[string]storedValue, nested map[string]objectValue) (string, bool) {
	if len(fd.Type.Params.List) != 3 || len(fd.Type.Params.List[2].Names) != 1 || fd.Type.Params.List[2].Names[0].Name != "obj" {
		return "", false
	}
	collect := fd.Body.List[0].(*ast.AssignStmt).Rhs[0].(*ast.CallExpr)
	if len(collect.Args) != 3 || text(collect.Args[0]) != "ec.OperationContext" || !isIdent(collect.Args[1], "sel") {
		return "", false
	}
	var always, checked []string
	var checks, values strings.Builder
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		cc, ok := n.(*ast.CaseClause)
		if !ok || len(cc.List) != 1 || len(cc.Body) == 0 {
			return true
		}
		name, ok := cc.List[0].(*ast.BasicLit)
		if !ok || name.Kind != token.STRING {
			return false
		}
		if stmt, ok := cc.Body[0].(*ast.ExprStmt); ok {
			// An edge resolved with the object's concurrent fields, which
			// loadedCases resolves at once when it is loaded.
			call, ok := stmt.X.(*ast.CallExpr)
			if !ok || !isSelector(call.Fun, "out", "ResolveConcurrently") || len(call.Args) != 6 {
				return false
			}
			method, ok := calledMethod(call.Args[5])
			if ov, found := nested[method]; ok && found && ov.loaded {
				always = append(always, name.Value)
				fmt.Fprintf(&values, "\t\tcase %s:\n\t\t\tv := %s\n\t\t\tif v == nil {\n\t\t\t\treturn nil\n\t\t\t}\n\t\t\tm := ec.%s_leaves(field.Selections, v)\n\t\t\tif m == nil {\n\t\t\t\treturn nil\n\t\t\t}\n\t\t\tout.Values[i] = m\n", name.Value, ov.v, ov.object)
			}
			return false
		}
		assign, ok := cc.Body[0].(*ast.AssignStmt)
		if !ok || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 || text(assign.Lhs[0]) != "out.Values[i]" {
			return false
		}
		if name.Value == `"__typename"` {
			always = append(always, name.Value)
			fmt.Fprintf(&values, "\t\tcase %s:\n\t\t\tout.Values[i] = %s\n", name.Value, text(assign.Rhs[0]))
			return false
		}
		call, ok := assign.Rhs[0].(*ast.CallExpr)
		if !ok || len(call.Args) != 3 || !isIdent(call.Args[0], "ctx") || !isIdent(call.Args[1], "field") || !isIdent(call.Args[2], "obj") {
			return false
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || !isIdent(sel.X, "ec") {
			return false
		}
		if ov, ok := nested[sel.Sel.Name]; ok && !ov.loaded {
			// An object of leaves itself, or the object's own path.
			null := "out.Values[i] = graphql.Null"
			if ov.nonNull {
				null = "return nil"
			}
			always = append(always, name.Value)
			fmt.Fprintf(&values, "\t\tcase %s:\n\t\t\tif v := %s; v != nil {\n\t\t\t\tm := ec.%s_leaves(field.Selections, v)\n\t\t\t\tif m == nil {\n\t\t\t\t\treturn nil\n\t\t\t\t}\n\t\t\t\tout.Values[i] = m\n\t\t\t} else {\n\t\t\t\t%s\n\t\t\t}\n", name.Value, ov.v, ov.object, null)
			return false
		}
		st, ok := stores[sel.Sel.Name]
		if !ok {
			return false
		}
		switch {
		case st.cond == "":
			always = append(always, name.Value)
			fmt.Fprintf(&values, "\t\tcase %s:\n\t\t\tout.Values[i] = %s\n", name.Value, st.ptr)
		case st.nonNull:
			checked = append(checked, name.Value)
			null := "!(" + st.cond + ")"
			if strings.HasPrefix(st.cond, "!") && !strings.ContainsAny(st.cond, "&|") {
				null = st.cond[1:]
			}
			fmt.Fprintf(&checks, "\t\tcase %s:\n\t\t\tif %s {\n\t\t\t\treturn nil\n\t\t\t}\n", name.Value, null)
			fmt.Fprintf(&values, "\t\tcase %s:\n\t\t\tout.Values[i] = %s\n", name.Value, st.ptr)
		default:
			always = append(always, name.Value)
			fmt.Fprintf(&values, "\t\tcase %s:\n\t\t\tif %s {\n\t\t\t\tout.Values[i] = %s\n\t\t\t} else {\n\t\t\t\tout.Values[i] = graphql.Null\n\t\t\t}\n", name.Value, st.cond, st.ptr)
		}
		return false
	})
	if len(always)+len(checked) == 0 {
		return "", false
	}
	alwaysCase := ""
	if len(always) > 0 {
		alwaysCase = "\t\tcase " + strings.Join(always, ", ") + ":\n"
	}
	return fmt.Sprintf(`// %s_leaves is %s for a selection of leaves only, without a field
// context of its own; nil for any other (internal/execgen, leafObject).
func (ec *executionContext) %s_leaves(sel ast.SelectionSet, obj %s) graphql.Marshaler {
	fields := %s(ec.OperationContext, sel, %s)
	for _, field := range fields {
		if field.IsDeferred() {
			return nil
		}
		switch field.Name {
%s%s		default:
			return nil
		}
	}
	out := %s(ec.OperationContext, fields)
	for i, field := range fields {
		switch field.Name {
%s		}
	}
	return out
}`, fd.Name.Name, fd.Name.Name, fd.Name.Name, text(fd.Type.Params.List[2].Type), "ec."+fieldsCache+".collect", text(collect.Args[2]),
		alwaysCase, checks.String(), fieldSetMaker, values.String()), true
}

// edgeField reports whether fd is the executor's function for a to-one
// edge of an ent node read through its method (an internship's
// enterprise), which returns the node the query eager-loaded with it,
// edges.Edges.F, when there is one, and if so the statements to put
// before its ResolveField, as objectField gives them for a struct field,
// for when it is loaded, and that condition. edges holds the methods that
// do so, "T.F" (entgql's, in ent/gql_edge.go: edgeMethods). fd is
//
//	return graphql.ResolveField(ctx, ec.OperationContext, field,
//		func(…) (*graphql.FieldContext, error) { return ec.fieldContext_T_f(ctx, field) },
//		func(ctx context.Context) (any, error) { return obj.F(ctx) },
//		nil,
//		func(ctx context.Context, selections ast.SelectionSet, v *V) graphql.Marshaler { return ec.marshalX(ctx, selections, v) },
//		recoverFromPanic, nonNull)
//
// with obj a *ent.T.
func edgeField(fd *ast.FuncDecl, funcs map[string]*ast.FuncDecl, text func(ast.Node) string, children map[string]int, edges map[string]bool, targets map[string]bool) (fast, cond string, ok bool) {
	if fd.Recv == nil || !strings.HasPrefix(fd.Name.Name, "_") || len(fd.Body.List) != 1 || len(fd.Type.Params.List) != 3 {
		return "", "", false
	}
	obj := fd.Type.Params.List[2]
	star, ok := obj.Type.(*ast.StarExpr)
	if !ok || len(obj.Names) != 1 || obj.Names[0].Name != "obj" {
		return "", "", false
	}
	typ, ok := star.X.(*ast.SelectorExpr)
	if !ok || !isIdent(typ.X, "ent") {
		return "", "", false
	}
	call, ok := returned(fd.Body.List[0])
	if !ok || !isSelector(call.Fun, "graphql", "ResolveField") || len(call.Args) != 9 || !isIdent(call.Args[5], "nil") {
		return "", "", false
	}
	lit, ok := call.Args[4].(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 {
		return "", "", false
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return "", "", false
	}
	method, ok := ret.Results[0].(*ast.CallExpr)
	if !ok || len(method.Args) != 1 || !isIdent(method.Args[0], "ctx") {
		return "", "", false
	}
	sel, ok := method.Fun.(*ast.SelectorExpr)
	if !ok || !isIdent(sel.X, "obj") || !edges[typ.Sel.Name+"."+sel.Sel.Name] {
		return "", "", false
	}
	field := "obj.Edges." + sel.Sel.Name
	fast, ok = fastObject(call.Args, funcs, text, children, targets, field, "IsMethod", "true")
	return fast, field + " != nil", ok
}

// edgeMethods returns the methods of ent's nodes, "T.F", that src (entgql's
// ent/gql_edge.go) declares as
//
//	func (_m *T) F(ctx context.Context) (*U, error) {
//		result, err := _m.Edges.FOrErr()
//		…
//
// which return the node eager-loaded into _m.Edges.F when there is one.
func edgeMethods(src []byte) (map[string]bool, error) {
	file, err := parser.ParseFile(token.NewFileSet(), "gql_edge.go", src, 0)
	if err != nil {
		return nil, err
	}
	edges := map[string]bool{}
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || fd.Body == nil || len(fd.Body.List) == 0 || len(fd.Type.Params.List) != 1 || fd.Type.Results == nil || len(fd.Type.Results.List) != 2 {
			continue
		}
		recv, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
		if !ok {
			continue
		}
		typ, ok := recv.X.(*ast.Ident)
		if !ok || len(fd.Recv.List[0].Names) != 1 {
			continue
		}
		if _, ok := fd.Type.Results.List[0].Type.(*ast.StarExpr); !ok {
			continue
		}
		assign, ok := fd.Body.List[0].(*ast.AssignStmt)
		if !ok || len(assign.Rhs) != 1 {
			continue
		}
		call, ok := assign.Rhs[0].(*ast.CallExpr)
		if !ok || len(call.Args) != 0 {
			continue
		}
		orErr, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || orErr.Sel.Name != fd.Name.Name+"OrErr" {
			continue
		}
		if e, ok := orErr.X.(*ast.SelectorExpr); !ok || e.Sel.Name != "Edges" || !isIdent(e.X, fd.Recv.List[0].Names[0].Name) {
			continue
		}
		edges[typ.Name+"."+fd.Name.Name] = true
	}
	if len(edges) == 0 {
		return nil, fmt.Errorf("no edge method returning its loaded node: has entgql changed what it generates?")
	}
	return edges, nil
}

// loadedCases returns the edits that resolve, in the object fd, each edge
// field edgeField gave a fast path at once when its node is loaded and the
// field is not deferred, instead of scheduling it to be resolved with the
// object's other concurrent fields (a closure and a queue entry an object,
// for a value already there). The case is
//
//	case "f":
//		out.ResolveConcurrently(ec.OperationContext, &deferred, i, recoverFromPanic, nonNull,
//			func(ctx context.Context) graphql.Marshaler { return ec._T_f(ctx, field, obj) })
func loadedCases(fd *ast.FuncDecl, fset *token.FileSet, text func(ast.Node) string, loaded map[string]string) []edit {
	var edits []edit
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		cc, ok := n.(*ast.CaseClause)
		if !ok || len(cc.Body) != 1 {
			return true
		}
		stmt, ok := cc.Body[0].(*ast.ExprStmt)
		if !ok {
			return false
		}
		call, ok := stmt.X.(*ast.CallExpr)
		if !ok || !isSelector(call.Fun, "out", "ResolveConcurrently") || len(call.Args) != 6 {
			return false
		}
		name, ok := calledMethod(call.Args[5])
		cond := loaded[name]
		if !ok || cond == "" {
			return false
		}
		invalid := "graphql.RequiredNull"
		switch {
		case isIdent(call.Args[4], "true"):
			invalid = "graphql.Null"
		case !isIdent(call.Args[4], "false"):
			return false
		}
		edits = append(edits, edit{fset.Position(stmt.Pos()).Offset, fset.Position(stmt.End()).Offset, fmt.Sprintf(`if %s && !field.IsDeferred() {
				out.Values[i] = ec.%s(ctx, field, obj)
				if out.Values[i] == %s {
					atomic.AddUint32(&out.Invalids, 1)
				}
			} else {
				%s
			}`, cond, name, invalid, text(stmt))})
		return false
	})
	return edits
}

// isFieldContext reports whether fd is the executor's function that makes
// a field's context: a method fieldContext_T_f.
func isFieldContext(fd *ast.FuncDecl) bool {
	return fd.Recv != nil && strings.HasPrefix(fd.Name.Name, "fieldContext_")
}

// parsedArgs reports whether the field context function fd parses its
// field's arguments, as gqlgen generates for a field that has any,
//
//	if fc.Args, err = ec.field_T_f_args(ctx, field.ArgumentMap(ec.Variables)); err != nil {
//
// and if so returns the call, which the rewrite makes once an operation for
// each field of its document (graph's fieldArgs): for every object of a
// list, gqlgen builds the map of the arguments' values from the document
// and the variables, and parses each into its Go value, the same values
// each time.
func parsedArgs(fd *ast.FuncDecl) (*ast.CallExpr, bool) {
	for _, stmt := range fd.Body.List {
		ifs, ok := stmt.(*ast.IfStmt)
		if !ok {
			continue
		}
		as, ok := ifs.Init.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			continue
		}
		lhs, ok := as.Lhs[0].(*ast.SelectorExpr)
		if !ok || !isIdent(lhs.X, "fc") || lhs.Sel.Name != "Args" {
			continue
		}
		call, ok := as.Rhs[0].(*ast.CallExpr)
		if !ok || len(call.Args) != 2 || !isIdent(call.Args[0], "ctx") {
			return nil, false
		}
		name, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || !isIdent(name.X, "ec") || !strings.HasPrefix(name.Sel.Name, "field_") || !strings.HasSuffix(name.Sel.Name, "_args") {
			return nil, false
		}
		argMap, ok := call.Args[1].(*ast.CallExpr)
		if !ok || len(argMap.Args) != 1 || !isSelector(argMap.Fun, "field", "ArgumentMap") || !isSelector(argMap.Args[0], "ec", "Variables") {
			return nil, false
		}
		return call, true
	}
	return nil, false
}

// childField reports whether kv is a field context's
//
//	Child: func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
//		return ec.childFields_T(ctx, field)
//	}
//
// a closure allocated for every field context of an object, and if so
// gives what stands for the closure: the function the operation keeps for
// type T (graph's childFuncs), T numbered among children when it is new.
func childField(kv *ast.KeyValueExpr, children map[string]int) (string, bool) {
	if !isIdent(kv.Key, "Child") {
		return "", false
	}
	name, ok := calledMethod(kv.Value)
	if !ok || !strings.HasPrefix(name, "childFields_") {
		return "", false
	}
	call, _ := returned(kv.Value.(*ast.FuncLit).Body.List[0])
	if len(call.Args) != 2 || !isIdent(call.Args[0], "ctx") || !isIdent(call.Args[1], "field") {
		return "", false
	}
	k, ok := children[name]
	if !ok {
		k = len(children)
		children[name] = k
	}
	return fmt.Sprintf("ec.%s.get(%d, func() childFunc { return ec.%s })", childCache, k, name), true
}

// structField reports whether fd is the executor's function for a field
// read straight from its struct, with no middleware of its own, and if so
// gives ResolveField's arguments and the struct field read:
//
//	return graphql.ResolveField(ctx, ec.OperationContext, field,
//		func(…) (*graphql.FieldContext, error) { … },
//		func(ctx context.Context) (any, error) { return obj.F, nil },
//		nil,
//		func(…) graphql.Marshaler { … },
//		…)
func structField(fd *ast.FuncDecl) (args []ast.Expr, sel *ast.SelectorExpr, ok bool) {
	if fd.Recv == nil || !strings.HasPrefix(fd.Name.Name, "_") || len(fd.Body.List) != 1 {
		return nil, nil, false
	}
	call, ok := returned(fd.Body.List[0])
	if !ok || !isSelector(call.Fun, "graphql", "ResolveField") || len(call.Args) != 9 || !isIdent(call.Args[5], "nil") {
		return nil, nil, false
	}
	lit, ok := call.Args[4].(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 {
		return nil, nil, false
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 2 || !isIdent(ret.Results[1], "nil") {
		return nil, nil, false
	}
	sel, ok = ret.Results[0].(*ast.SelectorExpr)
	if !ok || !isIdent(sel.X, "obj") {
		return nil, nil, false
	}
	return call.Args, sel, true
}

// marshaller is the call, with $v for the value, that marshals a leaf
// value in its object's context, as fd does in the field's own, when it is
// not null. fd qualifies when the context it is given makes no difference
// unless the value is null:
//
//   - it never reports an error, keeps no context (a ContextMarshaler) and
//     marshals no list (whose elements' contexts hang from the field's):
//     it is called itself, ec.m(ctx, field.Selections, $v);
//
//   - or it is gqlgen's marshaller of a non-null scalar, which reports a
//     null with the field's path:
//
//     _ = sel
//     res := pkg.Marshal(v)
//     if res == graphql.Null { …report… }
//     return res
//
//     and the call on its second line marshals the value.
func marshaller(fd *ast.FuncDecl, text func(ast.Node) string) (string, bool) {
	body := text(fd.Body)
	if strings.Contains(body, "ContextMarshaler") || strings.Contains(body, "Slice") {
		return "", false
	}
	if !strings.Contains(body, "graphql.Add") {
		return "ec." + fd.Name.Name + "(ctx, field.Selections, $v)", true
	}
	stmts := fd.Body.List
	if len(stmts) != 4 {
		return "", false
	}
	assign, ok := stmts[1].(*ast.AssignStmt)
	if !ok || len(assign.Lhs) != 1 || !isIdent(assign.Lhs[0], "res") || len(assign.Rhs) != 1 {
		return "", false
	}
	call, ok := assign.Rhs[0].(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !isIdent(call.Args[0], "v") {
		return "", false
	}
	check, ok := stmts[2].(*ast.IfStmt)
	if !ok || check.Init != nil || check.Else != nil || text(check.Cond) != "res == graphql.Null" {
		return "", false
	}
	if ret, ok := stmts[3].(*ast.ReturnStmt); !ok || len(ret.Results) != 1 || !isIdent(ret.Results[0], "res") {
		return "", false
	}
	return text(call.Fun) + "($v)", true
}

// deferredGroup finds, in the executor's function for an object, the call
// that makes the object's @defer group,
//
//	fields := graphql.CollectFields(…)
//	…
//	deferred := graphql.NewDeferredGroup(ctx)
//
// which computes the object's path (a walk up its field contexts, and a
// slice) and allocates a field set and a map, for every object of a
// response, though only a field under @defer ever uses them.
func deferredGroup(fd *ast.FuncDecl) (*ast.CallExpr, bool) {
	if !isObject(fd) {
		return nil, false
	}
	for _, stmt := range fd.Body.List[1:] {
		assign, ok := stmt.(*ast.AssignStmt)
		if !ok || len(assign.Lhs) != 1 || !isIdent(assign.Lhs[0], "deferred") || len(assign.Rhs) != 1 {
			continue
		}
		call, ok := assign.Rhs[0].(*ast.CallExpr)
		if ok && isSelector(call.Fun, "graphql", "NewDeferredGroup") && len(call.Args) == 1 && isIdent(call.Args[0], "ctx") {
			return call, true
		}
	}
	return nil, false
}

// objectReturn finds, in the executor's function for an object, the
// statement that returns the object's field set,
//
//	fields := graphql.CollectFields(…)
//	…
//	out := graphql.NewFieldSet(fields)
//	…
//	return out
//
// whose MarshalGQL makes a map of the names it has written, and copies
// each field (its graphql.CollectedField) to the heap, for every object of
// a response.
func objectReturn(fd *ast.FuncDecl) (*ast.ReturnStmt, bool) {
	if !isObject(fd) {
		return nil, false
	}
	stmts := fd.Body.List
	if !slices.ContainsFunc(stmts, func(s ast.Stmt) bool { return assigns(s, "out", "NewFieldSet") }) {
		return nil, false
	}
	ret, ok := stmts[len(stmts)-1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 || !isIdent(ret.Results[0], "out") {
		return nil, false
	}
	return ret, true
}

// ownFieldSet reports whether the object of fd can be made with graph's
// fieldSet, and if so the call `graphql.NewFieldSet(fields)` to replace:
// the object uses no more of its field set than fieldSet has (Values,
// Invalids, ResolveConcurrently, Dispatch), which leaves out Query
// (ResolveRootConcurrently). Returned as it is, the fieldSet
// writes the object.
func ownFieldSet(fd *ast.FuncDecl) (*ast.CallExpr, bool) {
	var call *ast.CallExpr
	for _, stmt := range fd.Body.List {
		if assigns(stmt, "out", "NewFieldSet") {
			call = stmt.(*ast.AssignStmt).Rhs[0].(*ast.CallExpr)
		}
	}
	ok := call != nil
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if sel, isSel := n.(*ast.SelectorExpr); isSel && isIdent(sel.X, "out") {
			switch sel.Sel.Name {
			case "Values", "Invalids", "ResolveConcurrently", "Dispatch":
			default:
				ok = false
			}
		}
		return ok
	})
	return call, ok
}

// executionContextType is the struct of `type executionContext struct
// {…}`, if d declares it.
func executionContextType(d ast.Decl) (*ast.StructType, bool) {
	gd, ok := d.(*ast.GenDecl)
	if !ok || gd.Tok != token.TYPE || len(gd.Specs) != 1 {
		return nil, false
	}
	ts, ok := gd.Specs[0].(*ast.TypeSpec)
	if !ok || ts.Name.Name != "executionContext" {
		return nil, false
	}
	st, ok := ts.Type.(*ast.StructType)
	return st, ok
}

// isObject reports whether fd is the executor's function for an object:
// a method that starts with `fields := graphql.CollectFields(…)`.
func isObject(fd *ast.FuncDecl) bool {
	return fd.Recv != nil && len(fd.Body.List) > 0 && assigns(fd.Body.List[0], "fields", "CollectFields")
}

// assigns reports whether stmt is `name := graphql.f(…)`.
func assigns(stmt ast.Stmt, name, f string) bool {
	assign, ok := stmt.(*ast.AssignStmt)
	if !ok || assign.Tok != token.DEFINE || len(assign.Lhs) != 1 || !isIdent(assign.Lhs[0], name) || len(assign.Rhs) != 1 {
		return false
	}
	call, ok := assign.Rhs[0].(*ast.CallExpr)
	return ok && isSelector(call.Fun, "graphql", f)
}

// returned is the call a `return f(…)` statement returns.
func returned(stmt ast.Stmt) (*ast.CallExpr, bool) {
	ret, ok := stmt.(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil, false
	}
	call, ok := ret.Results[0].(*ast.CallExpr)
	return call, ok
}

// calledMethod is the name of the ec method a one-statement function
// literal `func(…) { return ec.m(…) }` calls.
func calledMethod(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 {
		return "", false
	}
	call, ok := returned(lit.Body.List[0])
	if !ok {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !isIdent(sel.X, "ec") {
		return "", false
	}
	return sel.Sel.Name, true
}

func isSelector(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && isIdent(sel.X, pkg) && sel.Sel.Name == name
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
