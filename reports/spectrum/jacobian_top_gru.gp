# Redraws jacobian_top_gru.svg from the CSV data alone. Run in this folder: gnuplot jacobian_top_gru.gp
# Writes jacobian_top_gru-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "jacobian_top_gru-gnuplot.svg"
set title "gru: largest singular value of ∂s_T/∂s_{T−lag}" noenhanced
set xlabel "lag" noenhanced
set ylabel "σ_1 (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-15" -15.0, "1e-10" -10.0, "1e-5" -5.0, "1e0" 0.0)
set yrange [-19.36789719215566:0.8974857616026187]
plot "jacobian_spectrum.csv" using (strcol("cell") eq "gru" && strcol("init") eq "pytorch" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#0072B2" title "init pytorch", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "gru" && strcol("init") eq "orthogonal" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#D55E00" title "init orthogonal", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "gru" && strcol("init") eq "identity" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 9 ps 0.7 pi 5 lc rgb "#009E73" title "init identity", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "gru" && strcol("init") eq "smart-tanh" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 13 ps 0.7 pi 5 lc rgb "#CC79A7" title "init smart-tanh"
