package bench

import (
	"context"
	"fmt"
	"path/filepath"
)

// imports seeds N users and imports them with each tool.
func (r *runner) imports(ctx context.Context) error {
	_, _ = fmt.Fprintf(r.o.Log, "seeding %d users for the imports\n", r.n)
	if err := forEach(ctx, r.o.Workers, usernames(r.n), func(ctx context.Context, name string) error {
		return createUser(ctx, r.admin, indexOf(name))
	}); err != nil {
		return fmt.Errorf("seed users: %w", err)
	}
	apply := []string{"apply", "-auto-approve", "-input=false", "-no-color", r.parallelism()}
	for _, tool := range r.o.Tools {
		switch tool {
		case toolFloor:
			if _, err := r.measure(ctx, tool, stepImport, "", nil); err != nil {
				return err
			}
		case toolPeer:
			if err := r.importWith(ctx, tool, stepImport, "import", map[string]string{"main.tf": peerImport(r.n, r.profile.PeerClientLimit)}, apply); err != nil {
				return err
			}
		case toolOurs:
			files := map[string]string{"providers.tf": oursProvider(r.profile.ClientLimit)}
			for _, f := range guideFiles {
				files[f] = "@" + filepath.Join(guideDir, f)
			}
			if err := r.importWith(ctx, tool, stepImport, "import", files, apply); err != nil {
				return err
			}
			if err := r.importByQuery(ctx, apply); err != nil {
				return err
			}
		}
	}
	return r.cleanup(ctx)
}

func (r *runner) importWith(ctx context.Context, tool, step, name string, files map[string]string, args []string) error {
	dir := r.dir(tool + "-" + name)
	if failed := r.initDir(ctx, dir, files); failed != "" {
		r.record(Record{Tool: tool, Step: step, Status: statusFailed, Note: "init: " + failed})
		return nil
	}
	_, err := r.measure(ctx, tool, step, dir, args)
	return err
}

// importByQuery follows the guide's path for Terraform 1.14+: terraform
// query writes the configuration, an apply imports it.
func (r *runner) importByQuery(ctx context.Context, apply []string) error {
	if !atLeast(r.tf.Version, 1, 14) {
		note := "Terraform " + r.tf.Version + " has no terraform query (1.14+)"
		r.record(Record{Tool: toolOurs, Step: stepQuery, Status: statusNA, Note: note})
		r.record(Record{Tool: toolOurs, Step: stepQueryImport, Status: statusNA, Note: note})
		return nil
	}
	dir := r.dir("ours-query")
	files := map[string]string{
		"providers.tf":      oursProvider(r.profile.ClientLimit),
		"users.tfquery.hcl": "@" + filepath.Join(guideDir, "users.tfquery.hcl"),
	}
	if failed := r.initDir(ctx, dir, files); failed != "" {
		r.record(Record{Tool: toolOurs, Step: stepQuery, Status: statusFailed, Note: "init: " + failed})
		return nil
	}
	rec, err := r.measure(ctx, toolOurs, stepQuery, dir, []string{"query", "-no-color", "-generate-config-out=generated.tf"})
	if err != nil || rec.Status != statusOK {
		return err
	}
	_, err = r.measure(ctx, toolOurs, stepQueryImport, dir, apply)
	return err
}
