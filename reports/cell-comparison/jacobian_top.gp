# Redraws jacobian_top.svg from the CSV data alone. Run in this folder: gnuplot jacobian_top.gp
# Writes jacobian_top-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "jacobian_top-gnuplot.svg"
set title "Largest singular value of the Jacobian product (seed 1)" noenhanced
set xlabel "lag" noenhanced
set ylabel "σ_1 of ∂s_T/∂s_{T−lag} (log scale)" noenhanced
set key outside right top noenhanced
set grid
set format y "1e%g"
plot "jacobian_spectrum.csv" using (strcol("cell") eq "rnn-tanh" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with lines lw 1.6 lc rgb "#0072B2" title "rnn-tanh", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "lstm" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with lines lw 1.6 lc rgb "#D55E00" title "lstm", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "gru" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with lines lw 1.6 lc rgb "#009E73" title "gru"
