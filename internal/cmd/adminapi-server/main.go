// Command adminapi-server runs the reference admin API server.
//
//	adminapi-server --addr 127.0.0.1:8080 --db ./adminapi.db [--config server.yaml]
//	adminapi-server hash-secret < secret.txt
//
// --addr 127.0.0.1:0 listens on a free port, logged as "listening url=...".
// hash-secret reads an API client's secret on standard input (one trailing
// newline is dropped) and prints the bcrypt hash a clients entry of the
// configuration file wants as secret_hash.
//
// On the first start with an empty store it creates the admin user named by
// ADMINAPI_BOOTSTRAP_USERNAME (default "admin") with every permission and the
// password ADMINAPI_BOOTSTRAP_PASSWORD, or a random one printed once on
// stderr. SIGINT or SIGTERM shuts it down gracefully.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

const shutdownTimeout = 30 * time.Second

func main() {
	if len(os.Args) > 1 && os.Args[1] == "hash-secret" {
		os.Exit(hashSecret(os.Args[2:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stderr))
}

// run serves until ctx ends or a signal comes, and answers the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) int {
	flags := flag.NewFlagSet("adminapi-server", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on")
	dbPath := flags.String("db", "./adminapi.db", "SQLite database file (created if missing)")
	configPath := flags.String("config", "", "YAML configuration file (optional)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() > 0 {
		_, _ = fmt.Fprintf(stderr, "adminapi-server: unexpected arguments %v\n", flags.Args())
		return 2
	}
	if err := serve(ctx, *addr, *dbPath, *configPath, getenv, stderr); err != nil {
		_, _ = fmt.Fprintf(stderr, "adminapi-server: %v\n", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, addr, dbPath, configPath string, getenv func(string) string, stderr io.Writer) error {
	var cfg server.Config
	if configPath != "" {
		var err error
		if cfg, err = server.LoadConfigFile(configPath); err != nil {
			return err
		}
	}
	level, err := server.ParseLogLevel(cfg.LogLevel)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	cfg.DBPath = dbPath
	cfg.Logger = logger
	cfg.BootstrapUsername = getenv("ADMINAPI_BOOTSTRAP_USERNAME")
	cfg.BootstrapPassword = getenv("ADMINAPI_BOOTSTRAP_PASSWORD")
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	defer func() { _ = srv.Close() }()
	if pw := srv.GeneratedPassword(); pw != "" {
		username := cfg.BootstrapUsername
		if username == "" {
			username = "admin"
		}
		_, _ = fmt.Fprintf(stderr, "Created the bootstrap admin user %q with the generated password: %s\nIt is shown only this once.\n", username, pw)
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	httpServer := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(ln) }()
	logger.Info("listening", "url", "http://"+ln.Addr().String(), "db", dbPath)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if err := srv.Close(); err != nil {
		return fmt.Errorf("close the store: %w", err)
	}
	logger.Info("stopped")
	return nil
}
