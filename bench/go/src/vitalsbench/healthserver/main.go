// Command healthserver serves grpc-go's own health service (google.golang.org/grpc/health) on
// 127.0.0.1, with the whole server ("") and the service "bench" SERVING: the Go side of
// bench/footprint.sh. It prints "port N" once listening and serves until it is killed.
//
//	healthserver [PORT]
package main

import (
	"fmt"
	"net"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

func main() {
	port := "0"
	if len(os.Args) > 2 {
		fmt.Fprintln(os.Stderr, "usage: healthserver [PORT]")
		os.Exit(2)
	}
	if len(os.Args) == 2 {
		port = os.Args[1]
	}
	lis, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		fmt.Fprintln(os.Stderr, "healthserver:", err)
		os.Exit(1)
	}
	server := grpc.NewServer()
	h := health.NewServer()
	h.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	h.SetServingStatus("bench", healthpb.HealthCheckResponse_SERVING)
	healthpb.RegisterHealthServer(server, h)
	fmt.Printf("port %d\n", lis.Addr().(*net.TCPAddr).Port)
	if err := server.Serve(lis); err != nil {
		fmt.Fprintln(os.Stderr, "healthserver:", err)
		os.Exit(1)
	}
}
