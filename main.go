package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/workaround"
)

// version is set at build time by goreleaser or `make build` (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	} else if err := workaround.MatchLogLevelsToTerraform(); err != nil {
		log.Fatal(err.Error())
	}
	workaround.TuneGC(os.LookupEnv)
	stopProfiling, err := workaround.StartProfiling(os.LookupEnv)
	if err != nil {
		log.Fatal(err.Error())
	}
	// Serve returns when Terraform stops the provider (go-plugin's
	// Controller.Shutdown), before it would kill the process.
	err = tf6server.Serve("registry.terraform.io/adminapi/adminapi", provider.NewProtocolServer(version), opts...)
	if stopErr := stopProfiling(); stopErr != nil {
		log.Print(stopErr.Error())
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}
