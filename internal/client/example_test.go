package client_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

func ExampleNew() {
	c, err := client.New(client.Config{
		Endpoint:       "https://admin.example.com",
		ClientID:       "ci-pipeline",
		ClientSecret:   "…",
		RequestTimeout: 30 * time.Second,
		MaxRetries:     4,
		UserAgent:      "terraform-provider-adminapi/1.0.0 terraform/1.11.0",
	})
	if err != nil {
		log.Fatal(err) // names the offending fields, e.g. "endpoint: must be ..."
	}
	_ = c
}

func ExampleClient_PlatformUsers() {
	var c *client.Client // from client.New
	ctx := context.Background()
	for u, err := range c.PlatformUsers(ctx, api.PlatformUserFilter{Tag: "staff"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.Username)
	}
}

func ExampleIsNotFound() {
	var c *client.Client // from client.New
	ctx := context.Background()
	role, err := c.GetRole(ctx, "auditor")
	switch {
	case client.IsNotFound(err):
		// gone: remove it from the state
	case err != nil:
		log.Fatal(err) // e.g. GET /roles/auditor: 403 forbidden: ... (permission: platformUsers:read)
	default:
		fmt.Println(role.Description)
	}
}
